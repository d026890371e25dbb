// The active-learning loop, simulated end to end: select, tag (by an Annotator), retrain, evaluate, repeat.

import type { Classifier } from '../classifier.ts';
import { f1Macro } from '../metrics.ts';
import { probsToPreds } from '../probsToPreds.ts';
import type { ProbMatrix } from '../labelMatrix.ts';
import { ActiveLearningError, selectForTagging, type SelectionStrategy } from './selectForTagging.ts';
import type { Annotator } from './simulatedAnnotator.ts';

/** One point of a learning curve: test macro F1 after training on `labels` gold labels. */
export interface LearningCurvePoint {
  labels: number;
  macroF1: number;
}

export interface ActiveLearningLoopInput {
  /** Texts of the pool the rows to tag are chosen from. */
  poolTexts: readonly string[];
  /** Answers tagging requests for pool rows. */
  annotator: Annotator;
  /** A fresh, untrained classifier for each retraining. */
  createClassifier: () => Classifier;
  /** Held-out texts and gold labels the curve is measured on. */
  test: { texts: readonly string[]; labels: ArrayLike<number> };
  strategy: SelectionStrategy;
  /** Gold-set sizes at which to measure; ascending, each a multiple of `batchSize`. */
  checkpoints: readonly number[];
  /** Rows tagged per round (default 50); the first round is a random sample (cold start). */
  batchSize?: number;
  /** Group key per pool row (see `textGroupKeys`): one row per group a batch, and a group once tagged is not offered again. */
  groupKeys?: ArrayLike<number>;
  /** Label-model probabilities over the pool, for 'disagreement'. */
  labelModelProbs?: ProbMatrix;
  /**
   * Weak labels over the pool (the label model's probabilities): when given, every retraining fits on all pool rows,
   * a tagged row with its gold label (one-hot) in place of its weak label, and a first classifier trained on the
   * weak labels alone chooses the first batch too. Without them, the classifier learns from the gold tags only.
   */
  weakLabels?: ProbMatrix;
  /** With weak labels: each tagged row counts this many times in training (default 1: just in place of its weak label). */
  goldWeight?: number;
  seed?: number;
}

function oneHotRows(labels: readonly number[], k: number): ProbMatrix {
  const data = new Float64Array(labels.length * k);
  labels.forEach((y, i) => {
    data[i * k + y] = 1;
  });
  return { n: labels.length, k, data };
}

/** The training set of one round: gold rows only, or every pool row with gold overriding the weak labels. */
function trainingSet(
  input: ActiveLearningLoopInput,
  rows: readonly number[],
  labels: readonly number[],
  k: number,
): { texts: readonly string[]; labels: ProbMatrix } {
  const weak = input.weakLabels;
  if (!weak) return { texts: rows.map((r) => input.poolTexts[r]), labels: oneHotRows(labels, k) };
  const extra = (input.goldWeight ?? 1) - 1;
  const n = weak.n + extra * rows.length;
  const data = new Float64Array(n * k);
  data.set(weak.data);
  const texts = [...input.poolTexts];
  rows.forEach((row, j) => {
    data.fill(0, row * k, (row + 1) * k);
    data[row * k + labels[j]] = 1;
    for (let e = 0; e < extra; e++) {
      data[texts.length * k + labels[j]] = 1;
      texts.push(input.poolTexts[row]);
    }
  });
  return { texts, labels: { n, k, data } };
}

/**
 * Runs rounds of `batchSize` tags until the last checkpoint, retraining on all gold labels so far (plus the weak
 * labels, when given) after each round, and returns the test macro F1 at every checkpoint. Without weak labels the
 * first round is random for every strategy (nothing is trained yet).
 *
 * @example
 * const curve = await runActiveLearningLoop({ poolTexts, annotator: new SimulatedAnnotator(poolGold),
 *   createClassifier: () => new LinearClassifier({ classNames }), test, strategy: 'margin', checkpoints: [50, 100] });
 * // [{ labels: 50, macroF1: … }, { labels: 100, macroF1: … }]
 */
export async function runActiveLearningLoop(input: ActiveLearningLoopInput): Promise<LearningCurvePoint[]> {
  const batchSize = input.batchSize ?? 50;
  const last = input.checkpoints[input.checkpoints.length - 1] ?? 0;
  if (input.checkpoints.some((c) => c % batchSize !== 0) || last > input.poolTexts.length) {
    throw new ActiveLearningError(`checkpoints must be multiples of the batch size ${batchSize} and at most the pool size ${input.poolTexts.length}`, {
      checkpoints: input.checkpoints,
    });
  }
  if (input.weakLabels && input.weakLabels.n !== input.poolTexts.length) {
    throw new ActiveLearningError(`weakLabels has ${input.weakLabels.n} rows, expected one per pool text (${input.poolTexts.length})`, {
      n: input.weakLabels.n,
    });
  }
  const goldWeight = input.goldWeight ?? 1;
  if (!Number.isInteger(goldWeight) || goldWeight < 1)
    throw new ActiveLearningError(`goldWeight must be a positive integer, got ${goldWeight}`, { goldWeight });
  const seed = input.seed ?? 0;
  const untagged = new Uint8Array(input.poolTexts.length).fill(1);
  const groupKeys = input.groupKeys;
  const taggedGroups = new Set<number>();
  const taggedRows: number[] = [];
  const taggedLabels: number[] = [];
  const curve: LearningCurvePoint[] = [];
  let probs: ProbMatrix | undefined;
  if (input.weakLabels && input.strategy !== 'random') {
    const classifier = input.createClassifier();
    const set = trainingSet(input, [], [], classifier.classNames.length);
    await classifier.fit(set.texts, set.labels, { seed });
    probs = await classifier.predictProba(input.poolTexts);
  }
  let round = 0;
  while (taggedRows.length < last) {
    const candidates: number[] = [];
    for (let i = 0; i < untagged.length; i++) if (untagged[i] && !(groupKeys && taggedGroups.has(groupKeys[i]))) candidates.push(i);
    const strategy = probs ? input.strategy : 'random';
    const picked = selectForTagging(strategy, {
      probs: probs ?? { n: input.poolTexts.length, k: 0, data: new Float64Array(0) },
      labelModelProbs: input.labelModelProbs,
      candidates,
      k: batchSize,
      groupKeys,
      seed: seed * 1000 + round,
    });
    const labels = await input.annotator.annotate(picked);
    picked.forEach((row, j) => {
      untagged[row] = 0;
      if (groupKeys) taggedGroups.add(groupKeys[row]);
      taggedRows.push(row);
      taggedLabels.push(labels[j]);
    });
    if (picked.length === 0) throw new ActiveLearningError(`the pool ran out of untagged rows after ${taggedRows.length} tags`, { tagged: taggedRows.length });
    round++;

    const classifier = input.createClassifier();
    const set = trainingSet(input, taggedRows, taggedLabels, classifier.classNames.length);
    await classifier.fit(set.texts, set.labels, { seed });
    if (input.checkpoints.includes(taggedRows.length)) {
      const preds = probsToPreds(await classifier.predictProba(input.test.texts), 'random');
      curve.push({ labels: taggedRows.length, macroF1: f1Macro(input.test.labels, preds) });
    }
    if (input.strategy !== 'random' && taggedRows.length < last) probs = await classifier.predictProba(input.poolTexts);
  }
  return curve;
}

/**
 * How many labels a curve needs to reach `target`, interpolating linearly between points; undefined if it never does.
 *
 * @example
 * labelsToReach([{ labels: 100, macroF1: 0.6 }, { labels: 200, macroF1: 0.8 }], 0.7) // 150
 */
export function labelsToReach(curve: readonly LearningCurvePoint[], target: number): number | undefined {
  for (let j = 0; j < curve.length; j++) {
    const point = curve[j];
    if (point.macroF1 < target) continue;
    if (j === 0) return point.labels;
    const prev = curve[j - 1];
    return prev.labels + ((target - prev.macroF1) / (point.macroF1 - prev.macroF1)) * (point.labels - prev.labels);
  }
  return undefined;
}

/** Mean, min and max F1 at each checkpoint over several runs (seeds) of the same strategy. */
export function summarizeCurves(runs: readonly LearningCurvePoint[][]): Array<{ labels: number; mean: number; min: number; max: number }> {
  return runs[0].map((point, j) => {
    const values = runs.map((run) => run[j].macroF1);
    return {
      labels: point.labels,
      mean: values.reduce((s, v) => s + v, 0) / values.length,
      min: values.reduce((a, v) => Math.min(a, v), Infinity),
      max: values.reduce((a, v) => Math.max(a, v), -Infinity),
    };
  });
}
