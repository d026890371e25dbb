// The linear classifier: hashed word and character n-grams into softmax regression trained on soft labels.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ClassifierError,
  assertSameLabelSet,
  trainWithEarlyStopping,
  type ClassifierFitOptions,
  type ClassifierFitReport,
  type ProbMatrix,
  BLOCK_SEED_STEP,
  DEFAULT_TRAINING_BLOCK_ROWS,
  checkSoftLabels,
  reblockTrainingChunks,
  singleBlock,
  type StreamingClassifier,
  type TrainingChunks,
} from '@skimmer/core';
import { HashedNgramFeaturizer, featurizeAll, type FeaturizerOptions } from './hashedNgramFeaturizer.ts';
import { augmentBySwappingKeywords, type KeywordSwapOptions } from './keywordSwapAugmentation.ts';
import { createSoftmaxWeights, softmaxRow, trainSoftmaxEpoch, type CsrRows, type SoftmaxTrainingOptions, type SoftmaxWeights } from './softmaxRegression.ts';

export interface LinearClassifierOptions {
  featurizer?: Partial<FeaturizerOptions>;
  /** Maximum passes over the training rows (default 3; `npm run bench:end-model` chooses it on dev per fold, docs/classifiers.md). */
  epochs?: number;
  /** AdaGrad step size (default 0.5). */
  learningRate?: number;
  /** L2 penalty (default 1e-6). */
  l2?: number;
  /** Stop after this many epochs without a better validation macro F1 (default 2). */
  patience?: number;
  /** `fitChunks`: rows featurised at once; a larger training set is trained block by block (default 20,000; not saved). */
  blockRows?: number;
  /** Training-time keyword-swap augmentation (see `augmentBySwappingKeywords`); off when absent. */
  augment?: KeywordSwapOptions;
}

/** `fit` options of the linear classifier: the contract's, plus per-row sample weights. */
export interface LinearFitOptions extends ClassifierFitOptions {
  /** One weight per given text (≥ 0), e.g. the label model's confidence; copies made by `augment` inherit their original's. */
  sampleWeights?: ArrayLike<number>;
}

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.f32';
const FORMAT_VERSION = 1;

interface SavedModel {
  type: 'linear';
  version: number;
  classNames: string[];
  options: LinearClassifierOptions;
  featurizer: FeaturizerOptions;
  k: number;
  d: number;
}

/** Labels n × k → n × (k + 1), the last column holding the row index. */
function appendRowIndex(labels: ProbMatrix): ProbMatrix {
  const { n, k } = labels;
  const data = new Float64Array(n * (k + 1));
  for (let i = 0; i < n; i++) {
    data.set(labels.data.subarray(i * k, (i + 1) * k), i * (k + 1));
    data[i * (k + 1) + k] = i;
  }
  return { n, k: k + 1, data };
}

/** The inverse of appendRowIndex, mapping each row's index column to its weight. */
function splitRowIndex(labels: ProbMatrix, weights: ArrayLike<number>): { softLabels: ProbMatrix; rowWeights: Float64Array } {
  const k = labels.k - 1;
  const data = new Float64Array(labels.n * k);
  const rowWeights = new Float64Array(labels.n);
  for (let i = 0; i < labels.n; i++) {
    data.set(labels.data.subarray(i * labels.k, i * labels.k + k), i * k);
    rowWeights[i] = weights[labels.data[i * labels.k + k]];
  }
  return { softLabels: { n: labels.n, k, data }, rowWeights };
}

/**
 * A fast, strong baseline: trains in seconds on tens of thousands of tweets and classifies tens of thousands a second.
 *
 * @example
 * const clf = new LinearClassifier({ classNames: ['other', 'ai'] });
 * await clf.fit(texts, softLabels, { validation: { texts: devTexts, labels: devGold } });
 * const P = await clf.predictProba(['new transformer model released']);
 */
export class LinearClassifier implements StreamingClassifier {
  readonly type = 'linear';
  readonly classNames: readonly string[];
  private readonly options: Required<Omit<LinearClassifierOptions, 'featurizer' | 'augment' | 'blockRows'>> & Pick<LinearClassifierOptions, 'augment'>;
  private readonly featurizer: HashedNgramFeaturizer;
  private readonly blockRows: number;
  private model: SoftmaxWeights;

  constructor(settings: { classNames: readonly string[] } & LinearClassifierOptions) {
    if (settings.classNames.length < 2) {
      throw new ClassifierError(`a classifier needs at least 2 classes, got [${settings.classNames.join(', ')}]`);
    }
    this.classNames = [...settings.classNames];
    this.options = {
      epochs: settings.epochs ?? 3,
      learningRate: settings.learningRate ?? 0.5,
      l2: settings.l2 ?? 1e-6,
      patience: settings.patience ?? 2,
      ...(settings.augment ? { augment: settings.augment } : {}),
    };
    this.featurizer = new HashedNgramFeaturizer(settings.featurizer);
    this.blockRows = settings.blockRows ?? DEFAULT_TRAINING_BLOCK_ROWS;
    if (!Number.isInteger(this.blockRows) || this.blockRows < 1) throw new ClassifierError(`blockRows must be a positive integer, got ${this.blockRows}`);
    this.model = createSoftmaxWeights(this.classNames.length, this.featurizer.dimension);
  }

  /** Trains on `texts` and their soft labels (plus keyword-swapped copies when `augment` is set; `trainRows` counts them). */
  async fit(givenTexts: readonly string[], givenLabels: ProbMatrix, options: LinearFitOptions = {}): Promise<ClassifierFitReport> {
    const k = this.classNames.length;
    checkSoftLabels(givenTexts, givenLabels, k);
    const givenWeights = options.sampleWeights;
    if (givenWeights && (givenWeights.length !== givenTexts.length || Array.from(givenWeights).some((w) => !(w >= 0)))) {
      throw new ClassifierError(`sample weights: expected ${givenTexts.length} weights ≥ 0 (one per text), got ${givenWeights.length}`);
    }
    const seed = options.seed ?? 0;
    const block = this.prepareBlock(givenTexts, givenLabels, givenWeights, options.minConfidence ?? 0, seed + 1);
    const model = createSoftmaxWeights(k, this.featurizer.dimension);
    const gradSq = new Float32Array(k * this.featurizer.dimension + k);
    const training = this.trainingOptions(seed);
    const report = await this.trainEpochs(
      model,
      async (epoch) => trainSoftmaxEpoch(model, gradSq, block.rows, block.softLabels.data, block.order, training, epoch, block.rowWeights),
      options,
    );
    return { ...report, trainRows: block.order.length, droppedRows: block.total - block.order.length };
  }

  /**
   * Trains on the rows `chunks` yields. Up to `blockRows` rows (default 20,000) it is `fit` on them, exactly. A larger
   * set is trained in blocks of `blockRows` rows read again each epoch: the blocks in order, each block's rows in a
   * seeded random order (augmentation, too, is drawn per block), so memory holds one block's features, not the set.
   */
  async fitChunks(chunks: TrainingChunks, options: ClassifierFitOptions = {}): Promise<ClassifierFitReport> {
    const k = this.classNames.length;
    const whole = await singleBlock(chunks, this.blockRows, k);
    if (whole) return this.fit(whole.texts, whole.labels, options);
    const seed = options.seed ?? 0;
    const model = createSoftmaxWeights(k, this.featurizer.dimension);
    const gradSq = new Float32Array(k * this.featurizer.dimension + k);
    let trainRows = 0;
    let droppedRows = 0;
    const report = await this.trainEpochs(
      model,
      async (epoch) => {
        let lossSum = 0;
        let rows = 0;
        let b = 0;
        for await (const given of reblockTrainingChunks(chunks(), this.blockRows, k)) {
          const block = this.prepareBlock(given.texts, given.labels, undefined, options.minConfidence ?? 0, seed + 1 + b * BLOCK_SEED_STEP);
          const loss = trainSoftmaxEpoch(
            model,
            gradSq,
            block.rows,
            block.softLabels.data,
            block.order,
            this.trainingOptions(seed + b * BLOCK_SEED_STEP),
            epoch,
          );
          lossSum += loss * block.order.length;
          rows += block.order.length;
          if (epoch === 1) {
            trainRows += block.order.length;
            droppedRows += block.total - block.order.length;
          }
          b++;
        }
        return rows > 0 ? lossSum / rows : 0;
      },
      options,
    );
    return { ...report, trainRows, droppedRows };
  }

  private trainingOptions(seed: number): SoftmaxTrainingOptions {
    return { epochs: this.options.epochs, learningRate: this.options.learningRate, l2: this.options.l2, seed };
  }

  /** One block's features and targets: augmented, rows under `minConfidence` left out of `order`. */
  private prepareBlock(
    givenTexts: readonly string[],
    givenLabels: ProbMatrix,
    givenWeights: ArrayLike<number> | undefined,
    minConfidence: number,
    augmentSeed: number,
  ): { rows: CsrRows; softLabels: ProbMatrix; rowWeights: Float64Array | undefined; order: Int32Array; total: number } {
    const k = this.classNames.length;
    // Each augmented copy carries its original's index as its last label column, so it also inherits the original's weight.
    const withIndex = givenWeights ? appendRowIndex(givenLabels) : givenLabels;
    const augmented = this.options.augment ? augmentBySwappingKeywords(givenTexts, withIndex, this.options.augment, augmentSeed) : undefined;
    const texts = augmented?.texts ?? givenTexts;
    const labelled = augmented?.labels ?? withIndex;
    const { softLabels, rowWeights } = givenWeights ? splitRowIndex(labelled, givenWeights) : { softLabels: labelled, rowWeights: undefined };
    const kept: number[] = [];
    for (let i = 0; i < softLabels.n; i++) {
      let max = 0;
      for (let c = 0; c < k; c++) max = Math.max(max, softLabels.data[i * k + c]);
      if (max >= minConfidence) kept.push(i);
    }
    return { rows: featurizeAll(this.featurizer, texts), softLabels, rowWeights, order: Int32Array.from(kept), total: texts.length };
  }

  /** Runs up to `epochs` epochs, keeping the weights of the best validation macro F1 (early stopping after `patience`). */
  private async trainEpochs(
    model: SoftmaxWeights,
    runEpoch: (epoch: number) => Promise<number>,
    options: ClassifierFitOptions,
  ): Promise<Omit<ClassifierFitReport, 'trainRows' | 'droppedRows'>> {
    const { report, best } = await trainWithEarlyStopping({
      epochs: this.options.epochs,
      patience: this.options.patience,
      runEpoch,
      validation: options.validation,
      predictProba: (texts) => {
        this.model = model;
        return this.predictProba(texts);
      },
      snapshot: () => ({ ...model, weights: model.weights.slice(), bias: model.bias.slice() }),
      onProgress: options.onProgress,
    });
    this.model = best ?? model;
    return report;
  }

  async predictProba(texts: readonly string[]): Promise<ProbMatrix> {
    const k = this.classNames.length;
    const data = new Float64Array(texts.length * k);
    const row = new Float64Array(k);
    for (let i = 0; i < texts.length; i++) {
      const x = this.featurizer.featurize(texts[i]);
      softmaxRow(this.model, x.indices, x.values, 0, x.length, row);
      data.set(row, i * k);
    }
    return { n: texts.length, k, data };
  }

  async save(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    const saved: SavedModel = {
      type: 'linear',
      version: FORMAT_VERSION,
      classNames: [...this.classNames],
      options: this.options,
      featurizer: this.featurizer.options,
      k: this.model.k,
      d: this.model.d,
    };
    const weights = new Float32Array(this.model.weights.length + this.model.bias.length);
    weights.set(this.model.weights);
    weights.set(this.model.bias, this.model.weights.length);
    await writeFile(path.join(dir, WEIGHTS_FILE), new Uint8Array(weights.buffer));
    await writeFile(path.join(dir, MODEL_FILE), JSON.stringify(saved, null, 2));
  }

  /** Loads a model saved by `save`; refuses one trained with another label set than `expectClassNames`. */
  static async load(dir: string, expectClassNames?: readonly string[]): Promise<LinearClassifier> {
    let saved: SavedModel;
    try {
      saved = JSON.parse(await readFile(path.join(dir, MODEL_FILE), 'utf8')) as SavedModel;
    } catch (cause) {
      throw new ClassifierError(`${dir}: no readable ${MODEL_FILE} (${(cause as Error).message})`, { dir });
    }
    if (saved.type !== 'linear' || saved.version !== FORMAT_VERSION) {
      throw new ClassifierError(`${dir}: not a linear model of format ${FORMAT_VERSION} (type ${saved.type}, version ${saved.version})`, { dir });
    }
    assertSameLabelSet(saved.classNames, expectClassNames, dir);
    const clf = new LinearClassifier({ classNames: saved.classNames, ...saved.options, featurizer: saved.featurizer });
    const bytes = await readFile(path.join(dir, WEIGHTS_FILE));
    const expected = (saved.k * saved.d + saved.k) * 4;
    if (bytes.byteLength !== expected) {
      throw new ClassifierError(`${dir}/${WEIGHTS_FILE}: ${bytes.byteLength} bytes, expected ${expected}`, { dir });
    }
    const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    clf.model = { k: saved.k, d: saved.d, weights: all.subarray(0, saved.k * saved.d), bias: all.subarray(saved.k * saved.d) };
    return clf;
  }
}
