// Scores predictions of one split against its gold labels: accuracy, F1 (binary for two classes, macro otherwise), macro F1 and coverage.

import { scoreMetrics } from '@skimmer/core';

/** Metrics of one model on one gold split. */
export interface SplitMetrics {
  readonly accuracy: number;
  /** Binary F1 of class 1 when there are two classes, macro F1 otherwise. */
  readonly f1: number;
  /** Macro F1 (the mean of every class's F1), whatever the number of classes. */
  readonly macroF1: number;
  /** Fraction of gold rows with a prediction (not abstained). */
  readonly coverage: number;
  readonly n: number;
}

/**
 * Snorkel's scoring: rows with unknown gold (-1) are dropped, abstained predictions count against coverage only.
 *
 * @example
 * splitMetrics([1, 0, 1], [1, 0, 0], 2); // { accuracy: 0.667, f1: 0.667, macroF1: 0.667, coverage: 1, n: 3 }
 */
export function splitMetrics(gold: ArrayLike<number>, preds: ArrayLike<number>, cardinality: number): SplitMetrics {
  const f1Name = cardinality === 2 ? 'f1' : 'f1_macro';
  const scores = scoreMetrics(gold, preds, ['accuracy', ...new Set([f1Name, 'f1_macro'] as const), 'coverage']);
  let n = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] >= 0) n++;
  return { accuracy: scores.accuracy, f1: scores[f1Name], macroF1: scores.f1_macro, coverage: scores.coverage, n };
}
