// The TensorFlow.js classifier: word embeddings, mean pooling and a softmax layer, trained on soft labels.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  ClassifierError,
  assertSameLabelSet,
  f1Macro,
  probsToPreds,
  seededRandom,
  shuffleInPlace,
  type Classifier,
  type ClassifierFitOptions,
  type ClassifierFitReport,
  type ProbMatrix,
} from '@skimmer/core';
import { TextVocabulary } from './textVocabulary.ts';
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
export class TfjsClassifier implements Classifier {
  readonly type = 'tfjs';
  readonly classNames: readonly string[];
  readonly options: Required<TfjsClassifierOptions>;
  private model: tf.LayersModel | undefined;
  private vocabulary: TextVocabulary | undefined;

  constructor(settings: { classNames: readonly string[] } & TfjsClassifierOptions) {
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
  }

  /** The backend in use ('tensorflow', 'wasm' or 'cpu'); starts it if needed. */
  backend(): Promise<string> {
    return useTfjsBackend(this.options.backend);
  }

  async fit(texts: readonly string[], softLabels: ProbMatrix, options: ClassifierFitOptions = {}): Promise<ClassifierFitReport> {
    const k = this.classNames.length;
    if (softLabels.n !== texts.length || softLabels.k !== k) {
      throw new ClassifierError(`soft labels are ${softLabels.n} × ${softLabels.k}, expected ${texts.length} × ${k} (one row per text, one column per class)`);
    }
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

    let best: { epoch: number; f1: number; weights: tf.Tensor[] } | undefined;
    let loss = 0;
    let epoch = 0;
    try {
      for (epoch = 1; epoch <= o.epochs; epoch++) {
        loss = await this.trainEpoch(model, x, y, shuffleInPlace(order, rng));
        let validationMacroF1: number | undefined;
        if (options.validation) {
          validationMacroF1 = f1Macro(options.validation.labels, probsToPreds(await this.predictProba(options.validation.texts), 'random'));
          if (!best || validationMacroF1 > best.f1) {
            best?.weights.forEach((w) => w.dispose());
            best = { epoch, f1: validationMacroF1, weights: model.getWeights().map((w) => w.clone()) };
          } else if (epoch - best.epoch >= o.patience) {
            options.onProgress?.(epoch, { loss, validationMacroF1 });
            break;
          }
        }
        options.onProgress?.(epoch, { loss, validationMacroF1 });
      }
    } finally {
      x.dispose();
      y.dispose();
    }
    if (best) {
      model.setWeights(best.weights);
      best.weights.forEach((w) => w.dispose());
    }
    return {
      epochs: Math.min(epoch, o.epochs),
      bestEpoch: best?.epoch ?? o.epochs,
      trainRows: kept.length,
      droppedRows: texts.length - kept.length,
      loss,
      validationMacroF1: best?.f1,
    };
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
