// Scores predictions against gold labels by metric name, dropping unknown golds and abstaining predictions as Snorkel's Scorer does.

import { ConfigError, DataError } from './errors.ts';
import { ABSTAIN, type ProbMatrix } from './labelMatrix.ts';
import { accuracy, coverage, f1, f1Macro, f1Micro, fbeta, logLoss, matthewsCorrcoef, precision, recall, rocAuc } from './metrics.ts';

/**
 * The metric names {@link scoreMetrics} understands (Snorkel's names, plus 'log_loss'). 'roc_auc' (binary) and
 * 'log_loss' read `options.probs`.
 */
export const METRIC_NAMES = [
  'accuracy',
  'precision',
  'recall',
  'f1',
  'f1_micro',
  'f1_macro',
  'coverage',
  'fbeta',
  'matthews_corrcoef',
  'roc_auc',
  'log_loss',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** The metrics computed from probabilities (on the same rows as the others: known gold, non-abstaining prediction). */
const PROB_METRICS = new Set<string>(['roc_auc', 'log_loss']);

const METRICS: Record<Exclude<MetricName, 'fbeta' | 'roc_auc' | 'log_loss'>, (golds: Int32Array, preds: Int32Array) => number> = {
  matthews_corrcoef: matthewsCorrcoef,
  accuracy,
  precision,
  recall,
  f1,
  f1_micro: f1Micro,
  f1_macro: f1Macro,
  coverage: (_golds, preds) => coverage(preds),
};

export interface ScoreMetricsOptions {
  /** Probabilistic predictions, n × k; checked for alignment; 'roc_auc' and 'log_loss' need them. */
  readonly probs?: ProbMatrix;
  /** β of 'fbeta' (default 1). */
  readonly beta?: number;
}

/**
 * Computes each named metric. Rows whose gold label is -1 are dropped for every metric; rows whose prediction is -1
 * (abstain) are dropped for every metric except 'coverage', which measures exactly them.
 *
 * @example
 * scoreMetrics([1, 0, -1, 1], [1, -1, 0, 0], ['accuracy', 'coverage']); // { accuracy: 0.5, coverage: 2 / 3 }
 */
export function scoreMetrics(
  golds: ArrayLike<number>,
  preds: ArrayLike<number>,
  metricNames: readonly string[],
  options: ScoreMetricsOptions = {},
): Record<string, number> {
  metricNames.forEach((name, i) => {
    if (!(METRIC_NAMES as readonly string[]).includes(name)) {
      throw new ConfigError(`metrics[${i}]`, `unknown metric "${name}": expected one of ${METRIC_NAMES.join(', ')}`, { metric: name });
    }
  });
  if (golds.length === 0) throw new DataError('cannot score empty gold labels', { field: 'golds' });
  if (preds.length !== golds.length) {
    throw new DataError(`golds has ${golds.length} labels but preds has ${preds.length}: expected one prediction per gold label`, {
      field: 'preds',
      expected: golds.length,
      got: preds.length,
    });
  }
  if (options.probs && options.probs.n !== golds.length) {
    throw new DataError(`probs has ${options.probs.n} rows, expected one per gold label (${golds.length})`, {
      field: 'probs',
      expected: golds.length,
      got: options.probs.n,
    });
  }
  const known = keepRows(golds, preds, false);
  const voted = keepRows(golds, preds, true);
  const scores: Record<string, number> = {};
  for (const name of metricNames as readonly MetricName[]) {
    const rows = name === 'coverage' ? known : voted;
    if (name === 'fbeta') scores[name] = fbeta(rows.golds, rows.preds, options.beta ?? 1);
    else if (PROB_METRICS.has(name)) scores[name] = probMetric(name, golds, preds, options.probs);
    else scores[name] = METRICS[name as keyof typeof METRICS](rows.golds, rows.preds);
  }
  return scores;
}

/** The rows with a known gold label, and (when `dropAbstains`) a non-abstaining prediction. */
function keepRows(golds: ArrayLike<number>, preds: ArrayLike<number>, dropAbstains: boolean): { golds: Int32Array; preds: Int32Array } {
  const keptGolds: number[] = [];
  const keptPreds: number[] = [];
  for (let i = 0; i < golds.length; i++) {
    if (golds[i] === ABSTAIN || (dropAbstains && preds[i] === ABSTAIN)) continue;
    keptGolds.push(golds[i]);
    keptPreds.push(preds[i]);
  }
  return { golds: Int32Array.from(keptGolds), preds: Int32Array.from(keptPreds) };
}

/** 'roc_auc' (binary, on P(y = 1)) or 'log_loss' on the rows with a known gold and a non-abstaining prediction. */
function probMetric(name: string, golds: ArrayLike<number>, preds: ArrayLike<number>, probs: ProbMatrix | undefined): number {
  if (!probs) throw new ConfigError('metrics', `metric "${name}" needs probabilities: pass options.probs`, { metric: name });
  const { k } = probs;
  if (name === 'roc_auc' && k !== 2) throw new ConfigError('metrics', `metric "roc_auc" is only defined for binary problems (k = ${k})`, { metric: name });
  const keptGolds: number[] = [];
  const keptProbs: number[] = [];
  for (let i = 0; i < golds.length; i++) {
    if (golds[i] === ABSTAIN || preds[i] === ABSTAIN) continue;
    keptGolds.push(golds[i]);
    for (let c = 0; c < k; c++) keptProbs.push(probs.data[i * k + c]);
  }
  if (name === 'log_loss') return logLoss(keptGolds, keptProbs, k);
  return rocAuc(
    keptGolds,
    keptProbs.filter((_, t) => t % 2 === 1),
  );
}
