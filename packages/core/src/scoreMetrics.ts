// Scores predictions against gold labels by metric name, dropping unknown golds and abstaining predictions as Snorkel's Scorer does.

import { ConfigError, DataError } from './errors.ts';
import { ABSTAIN, type ProbMatrix } from './labelMatrix.ts';
import { accuracy, coverage, f1, f1Macro, f1Micro, precision, recall } from './metrics.ts';

/** The metric names {@link scoreMetrics} understands (Snorkel's names). */
export const METRIC_NAMES = ['accuracy', 'precision', 'recall', 'f1', 'f1_micro', 'f1_macro', 'coverage'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

const METRICS: Record<MetricName, (golds: Int32Array, preds: Int32Array) => number> = {
  accuracy,
  precision,
  recall,
  f1,
  f1_micro: f1Micro,
  f1_macro: f1Macro,
  coverage: (_golds, preds) => coverage(preds),
};

export interface ScoreMetricsOptions {
  /** Probabilistic predictions, n × k; checked for alignment (no built-in metric reads them yet). */
  readonly probs?: ProbMatrix;
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
    if (!(name in METRICS)) {
      throw new ConfigError(`metrics[${i}]`, `unknown metric "${name}": expected one of ${METRIC_NAMES.join(', ')}`, { metric: name });
    }
  });
  if (golds.length === 0) throw new DataError('cannot score empty gold labels', { field: 'golds' });
  if (preds.length !== golds.length) {
    throw new DataError(`golds has ${golds.length} labels but preds has ${preds.length}: expected one prediction per gold label`, { field: 'preds', expected: golds.length, got: preds.length });
  }
  if (options.probs && options.probs.n !== golds.length) {
    throw new DataError(`probs has ${options.probs.n} rows, expected one per gold label (${golds.length})`, { field: 'probs', expected: golds.length, got: options.probs.n });
  }
  const known = keepRows(golds, preds, false);
  const voted = keepRows(golds, preds, true);
  const scores: Record<string, number> = {};
  for (const name of metricNames as readonly MetricName[]) {
    const rows = name === 'coverage' ? known : voted;
    scores[name] = METRICS[name](rows.golds, rows.preds);
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
