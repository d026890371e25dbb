// The TensorFlow.js classifier: word embeddings, mean pooling and a softmax layer, trained on soft labels.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  ClassifierError,
  assertSameLabelSet,
  seededRandom,
  shuffleInPlace,
  BLOCK_SEED_STEP,
  checkSoftLabels,
  DEFAULT_TRAINING_BLOCK_ROWS,
  reblockTrainingChunks,
  singleBlock,
  trainWithEarlyStopping,
  type ClassifierFitOptions,
  type ClassifierFitReport,
  type ProbMatrix,
  type StreamingClassifier,
  type TrainingChunks,
} from '@skimmer/core';
import { TextVocabulary, countTokens } from './textVocabulary.ts';
import { useTfjsBackend, type TfjsBackendName } from './tfjsBackend.ts';

export interface TfjsClassifierOptions {
  /** TensorFlow.js backend (default 'auto': tfjs-node if installed, else wasm, else cpu). */
  backend?: TfjsBackendName;
  /** Vocabulary cap, reserved ids included (default 20,000). */
  vocabularySize?: number;
  /** Words seen fewer times in training are out of vocabulary (default 2). */
  minCount?: number;
  /** Tokens per text: longer texts are cut (default 40). */
  maxLength?: number;
  /** Embedding width (default 32). */
  embeddingDim?: number;
  /** Maximum passes over the training rows (default 10). */
  epochs?: number;
  /** Stop after this many epochs without a better validation macro F1 (default 2). */
  patience?: number;
  /** Rows per gradient step (default 128). */
  batchSize?: number;
  /** Adam step size (default 0.005). */
  learningRate?: number;
}

/** Settings of the classifier that are not part of a saved model. */
export interface TfjsTrainingSettings {
  /** `fitChunks`: rows encoded at once; a larger training set is trained block by block (default 20,000). */
  blockRows?: number;
}

const META_FILE = 'model.json';
const TOPOLOGY_FILE = 'topology.json';
const WEIGHTS_FILE = 'weights.bin';
const VOCABULARY_FILE = 'vocabulary.json';
const FORMAT_VERSION = 1;
const PREDICT_BATCH = 2048;

interface SavedMeta {
  type: 'tfjs';
  version: number;
  classNames: string[];
  options: Required<TfjsClassifierOptions>;
}

function buildModel(vocabularySize: number, o: Required<TfjsClassifierOptions>, k: number, seed: number): tf.LayersModel {
  const model = tf.sequential();
  model.add(
    tf.layers.embedding({
      inputDim: vocabularySize,
      outputDim: o.embeddingDim,
      inputLength: o.maxLength,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed }),
    }),
  );
  model.add(tf.layers.globalAveragePooling1d());
  model.add(tf.layers.dense({ units: k, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  return model;
}

/**
 * A small neural text classifier (fastText-like) on TensorFlow.js, for when the linear baseline is not enough.
 *
 * @example
 * const clf = new TfjsClassifier({ classNames: ['off-topic', 'on-topic'], epochs: 5 });
 * await clf.fit(texts, softLabels, { validation: { texts: devTexts, labels: devGold }, seed: 1 });
 * const P = await clf.predictProba(['flooding downtown, roads closed']);
 */
export class TfjsClassifier implements StreamingClassifier {
  readonly type = 'tfjs';
  readonly classNames: readonly string[];
  readonly options: Required<TfjsClassifierOptions>;
  private model: tf.LayersModel | undefined;
  private vocabulary: TextVocabulary | undefined;
  private readonly blockRows: number;

  constructor(settings: { classNames: readonly string[] } & TfjsClassifierOptions & TfjsTrainingSettings) {
    if (settings.classNames.length < 2) {
      throw new ClassifierError(`a classifier needs at least 2 classes, got [${settings.classNames.join(', ')}]`);
    }
    this.classNames = [...settings.classNames];
    this.options = {
      backend: settings.backend ?? 'auto',
      vocabularySize: settings.vocabularySize ?? 20_000,
      minCount: settings.minCount ?? 2,
      maxLength: settings.maxLength ?? 40,
      embeddingDim: settings.embeddingDim ?? 32,
      epochs: settings.epochs ?? 10,
      patience: settings.patience ?? 2,
      batchSize: settings.batchSize ?? 128,
      learningRate: settings.learningRate ?? 0.005,
    };
    this.blockRows = settings.blockRows ?? DEFAULT_TRAINING_BLOCK_ROWS;
    if (!Number.isInteger(this.blockRows) || this.blockRows < 1) throw new ClassifierError(`blockRows must be a positive integer, got ${this.blockRows}`);
  }

  /** The backend in use ('tensorflow', 'wasm' or 'cpu'); starts it if needed. */
  backend(): Promise<string> {
    return useTfjsBackend(this.options.backend);
  }

  async fit(texts: readonly string[], softLabels: ProbMatrix, options: ClassifierFitOptions = {}): Promise<ClassifierFitReport> {
    const k = this.classNames.length;
    checkSoftLabels(texts, softLabels, k);
    const kept = this.keptRows(softLabels, options.minConfidence ?? 0);
    if (kept.length === 0) {
      throw new ClassifierError(`no training row reaches minConfidence ${options.minConfidence}`, { rows: texts.length });
    }
    await this.backend();
    const o = this.options;
    const seed = options.seed ?? 0;
    const keptTexts = kept.map((i) => texts[i]);
    this.vocabulary = TextVocabulary.fit(keptTexts, o.vocabularySize, o.minCount);
    this.model?.dispose();
    const model = buildModel(this.vocabulary.size, o, k, seed);
    model.compile({ optimizer: tf.train.adam(o.learningRate), loss: 'categoricalCrossentropy' });
    this.model = model;

    const targets = new Float32Array(kept.length * k);
    kept.forEach((row, j) => {
      for (let c = 0; c < k; c++) targets[j * k + c] = softLabels.data[row * k + c];
    });
    const x = tf.tensor2d(this.vocabulary.encodeAll(keptTexts, o.maxLength), [kept.length, o.maxLength], 'int32');
    const y = tf.tensor2d(targets, [kept.length, k]);
    const rng = seededRandom(seed);
    const order = Int32Array.from(kept.keys());
    try {
      const report = await this.trainEpochs(model, () => this.trainEpoch(model, x, y, shuffleInPlace(order, rng)), options);
      return { ...report, trainRows: kept.length, droppedRows: texts.length - kept.length };
    } finally {
      x.dispose();
      y.dispose();
    }
  }

  /**
   * Trains on the rows `chunks` yields. Up to `blockRows` rows (default 20,000) it is `fit` on them, exactly. A larger
   * set is read once to count the vocabulary's tokens (one entry a distinct token), then once an epoch through
   * `fitDataset`, in blocks of `blockRows` rows, each block's rows in a seeded random order: memory holds one block.
   */
  async fitChunks(chunks: TrainingChunks, options: ClassifierFitOptions = {}): Promise<ClassifierFitReport> {
    const k = this.classNames.length;
    const whole = await singleBlock(chunks, this.blockRows, k);
    if (whole) return this.fit(whole.texts, whole.labels, options);
    const minConfidence = options.minConfidence ?? 0;
    const o = this.options;
    const seed = options.seed ?? 0;
    const counts = new Map<string, number>();
    let trainRows = 0;
    let total = 0;
    for await (const block of reblockTrainingChunks(chunks(), this.blockRows, k)) {
      total += block.texts.length;
      for (const row of this.keptRows(block.labels, minConfidence)) {
        countTokens(counts, block.texts[row]);
        trainRows++;
      }
    }
    if (trainRows === 0) throw new ClassifierError(`no training row reaches minConfidence ${options.minConfidence}`, { rows: total });
    await this.backend();
    this.vocabulary = TextVocabulary.fromCounts(counts, o.vocabularySize, o.minCount);
    counts.clear();
    this.model?.dispose();
    const model = buildModel(this.vocabulary.size, o, k, seed);
    model.compile({ optimizer: tf.train.adam(o.learningRate), loss: 'categoricalCrossentropy' });
    this.model = model;
    const report = await this.trainEpochs(
      model,
      async (epoch) => {
        const batches = tf.data.generator(() => this.blockBatches(chunks, minConfidence, seed + epoch * 7919)[Symbol.asyncIterator]());
        const history = await model.fitDataset(batches, { epochs: 1, verbose: 0 });
        return Number(history.history.loss[0]);
      },
      options,
    );
    return { ...report, trainRows, droppedRows: total - trainRows };
  }

  /** One epoch's batches: block by block, each block's kept rows shuffled (seeded by block), encoded a block at a time. */
  private async *blockBatches(chunks: TrainingChunks, minConfidence: number, seed: number): AsyncIterable<{ xs: tf.Tensor2D; ys: tf.Tensor2D }> {
    const k = this.classNames.length;
    const L = this.options.maxLength;
    const size = this.options.batchSize;
    let b = 0;
    for await (const block of reblockTrainingChunks(chunks(), this.blockRows, k)) {
      const order = shuffleInPlace(Int32Array.from(this.keptRows(block.labels, minConfidence)), seededRandom(seed + b * BLOCK_SEED_STEP));
      b++;
      const ids = this.vocabulary!.encodeAll(
        Array.from(order, (row) => block.texts[row]),
        L,
      );
      for (let start = 0; start < order.length; start += size) {
        const rows = Math.min(size, order.length - start);
        const targets = new Float32Array(rows * k);
        for (let j = 0; j < rows; j++) for (let c = 0; c < k; c++) targets[j * k + c] = block.labels.data[order[start + j] * k + c];
        yield { xs: tf.tensor2d(ids.subarray(start * L, (start + rows) * L), [rows, L], 'int32'), ys: tf.tensor2d(targets, [rows, k]) };
      }
    }
  }

  /** Runs up to `epochs` epochs, keeping the weights of the best validation macro F1 (early stopping after `patience`). */
  private async trainEpochs(
    model: tf.LayersModel,
    runEpoch: (epoch: number) => Promise<number>,
    options: ClassifierFitOptions,
  ): Promise<Omit<ClassifierFitReport, 'trainRows' | 'droppedRows'>> {
    const { report, best } = await trainWithEarlyStopping({
      epochs: this.options.epochs,
      patience: this.options.patience,
      runEpoch,
      validation: options.validation,
      predictProba: (texts) => this.predictProba(texts),
      snapshot: () => model.getWeights().map((w) => w.clone()),
      release: (weights) => weights.forEach((w) => w.dispose()),
      onProgress: options.onProgress,
    });
    if (best) {
      model.setWeights(best);
      best.forEach((w) => w.dispose());
    }
    return report;
  }

  private keptRows(softLabels: ProbMatrix, minConfidence: number): number[] {
    const { k, data } = softLabels;
    const kept: number[] = [];
    for (let i = 0; i < softLabels.n; i++) {
      let max = 0;
      for (let c = 0; c < k; c++) max = Math.max(max, data[i * k + c]);
      if (max >= minConfidence) kept.push(i);
    }
    return kept;
  }

  /** One pass in the given row order; returns the mean training loss. */
  private async trainEpoch(model: tf.LayersModel, x: tf.Tensor2D, y: tf.Tensor2D, order: Int32Array): Promise<number> {
    const index = tf.tensor1d(order, 'int32');
    const xs = tf.gather(x, index);
    const ys = tf.gather(y, index);
    try {
      const history = await model.fit(xs, ys, { epochs: 1, batchSize: this.options.batchSize, shuffle: false, verbose: 0 });
      return Number(history.history.loss[0]);
    } finally {
      tf.dispose([index, xs, ys]);
    }
  }

  async predictProba(texts: readonly string[]): Promise<ProbMatrix> {
    const { model, vocabulary } = this;
    if (!model || !vocabulary) throw new ClassifierError('predictProba before fit or load: the tfjs classifier has no model yet');
    await this.backend();
    const k = this.classNames.length;
    const L = this.options.maxLength;
    const data = new Float64Array(texts.length * k);
    for (let start = 0; start < texts.length; start += PREDICT_BATCH) {
      const batch = texts.slice(start, start + PREDICT_BATCH);
      const probs = tf.tidy(() => (model.predict(tf.tensor2d(vocabulary.encodeAll(batch, L), [batch.length, L], 'int32')) as tf.Tensor).dataSync());
      data.set(probs, start * k);
    }
    return { n: texts.length, k, data };
  }

  async save(dir: string): Promise<void> {
    const { model, vocabulary } = this;
    if (!model || !vocabulary) throw new ClassifierError(`${dir}: nothing to save, the tfjs classifier was never trained`, { dir });
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    if (!artifacts?.weightData) throw new ClassifierError(`${dir}: TensorFlow.js returned no weights to save`, { dir });
    await mkdir(dir, { recursive: true });
    const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
    const meta: SavedMeta = { type: 'tfjs', version: FORMAT_VERSION, classNames: [...this.classNames], options: this.options };
    await writeFile(path.join(dir, WEIGHTS_FILE), new Uint8Array(weights));
    await writeFile(path.join(dir, TOPOLOGY_FILE), JSON.stringify({ modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs }));
    await writeFile(path.join(dir, VOCABULARY_FILE), JSON.stringify(vocabulary.words));
    await writeFile(path.join(dir, META_FILE), JSON.stringify(meta, null, 2));
  }

  /** Loads a model saved by `save`; refuses one trained with another label set than `expectClassNames`. */
  static async load(dir: string, expectClassNames?: readonly string[]): Promise<TfjsClassifier> {
    const meta = await readJson<SavedMeta>(dir, META_FILE);
    if (meta.type !== 'tfjs' || meta.version !== FORMAT_VERSION) {
      throw new ClassifierError(`${dir}: not a tfjs model of format ${FORMAT_VERSION} (type ${meta.type}, version ${meta.version})`, { dir });
    }
    assertSameLabelSet(meta.classNames, expectClassNames, dir);
    const clf = new TfjsClassifier({ classNames: meta.classNames, ...meta.options });
    const topology = await readJson<{ modelTopology: object; weightSpecs: tf.io.WeightsManifestEntry[] }>(dir, TOPOLOGY_FILE);
    const bytes = await readFile(path.join(dir, WEIGHTS_FILE));
    const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    await clf.backend();
    try {
      clf.model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: topology.modelTopology, weightSpecs: topology.weightSpecs, weightData }));
    } catch (cause) {
      throw new ClassifierError(`${dir}: the saved TensorFlow.js model does not load (${(cause as Error).message})`, { dir });
    }
    clf.vocabulary = TextVocabulary.fromWords(await readJson<string[]>(dir, VOCABULARY_FILE));
    return clf;
  }
}

async function readJson<T>(dir: string, file: string): Promise<T> {
  try {
    return JSON.parse(await readFile(path.join(dir, file), 'utf8')) as T;
  } catch (cause) {
    throw new ClassifierError(`${dir}: no readable ${file} (${(cause as Error).message})`, { dir, file });
  }
}
