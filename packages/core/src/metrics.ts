// Classification metrics on integer labels (accuracy, precision / recall / F1, confusion matrix, coverage) with scikit-learn's edge cases.

import { DataError } from './errors.ts';
import { ABSTAIN } from './labelMatrix.ts';

/** A k × k confusion matrix, row-major: rows are gold labels, columns predictions (scikit-learn's layout). */
export interface ConfusionMatrix {
  readonly k: number;
  readonly data: Int32Array;
}

/** Counts for one class treated as the positive one. */
interface ClassCounts {
  tp: number;
  fp: number;
  fn: number;
}

/**
 * Fraction of predictions equal to the gold label; NaN for no rows (as scikit-learn).
 *
 * @example
 * accuracy([0, 1, 1, 0], [0, 1, 0, 0]); // 0.75
 */
export function accuracy(golds: ArrayLike<number>, preds: ArrayLike<number>): number {
  checkAligned(golds, preds);
  let correct = 0;
  for (let i = 0; i < golds.length; i++) if (golds[i] === preds[i]) correct++;
  return correct / golds.length;
}

/**
 * Binary precision of label 1: tp / (tp + fp), 0 when nothing is predicted 1. Labels must be 0 or 1.
 *
 * @example
 * precision([0, 1, 1, 0], [1, 1, 0, 0]); // 0.5
 */
export function precision(golds: ArrayLike<number>, preds: ArrayLike<number>): number {
  const { tp, fp } = binaryCounts(golds, preds);
  return ratioOrZero(tp, tp + fp);
}

/**
 * Binary recall of label 1: tp / (tp + fn), 0 when no gold label is 1. Labels must be 0 or 1.
 *
 * @example
 * recall([0, 1, 1, 0], [1, 1, 0, 0]); // 0.5
 */
export function recall(golds: ArrayLike<number>, preds: ArrayLike<number>): number {
  const { tp, fn } = binaryCounts(golds, preds);
  return ratioOrZero(tp, tp + fn);
}

/**
 * Binary F1 of label 1: 2tp / (2tp + fp + fn), 0 when there is no positive gold or prediction. Labels must be 0 or 1.
 *
 * @example
 * f1([0, 1, 1, 1], [1, 1, 1, 0]); // 2*2 / (2*2 + 1 + 1) = 0.6666…
 */
export function f1(golds: ArrayLike<number>, preds: ArrayLike<number>): number {
  return f1FromCounts(binaryCounts(golds, preds));
}

/**
 * Micro-averaged F1 over every label present: pooled tp / fp / fn (equals accuracy for single-label data; 0 for no rows).
 *
 * @example
 * f1Micro([0, 1, 2, 2], [0, 2, 2, 1]); // 0.5
 */
export function f1Micro(golds: ArrayLike<number>, preds: ArrayLike<number>): number {
  const pooled: ClassCounts = { tp: 0, fp: 0, fn: 0 };
  for (const c of perClassCounts(golds, preds).values()) {
    pooled.tp += c.tp;
    pooled.fp += c.fp;
    pooled.fn += c.fn;
  }
  return f1FromCounts(pooled);
}

/**
 * Macro-averaged F1: the unweighted mean of each label's F1, over the labels present in golds or preds (0 for no rows).
 *
 * @example
 * f1Macro([0, 1, 2, 2], [0, 2, 2, 1]); // (1 + 0 + 0.5) / 3 = 0.5
 */
export function f1Macro(golds: ArrayLike<number>, preds: ArrayLike<number>): number {
  const counts = perClassCounts(golds, preds);
  if (counts.size === 0) return 0;
  let total = 0;
  for (const c of counts.values()) total += f1FromCounts(c);
  return total / counts.size;
}

/**
 * Fraction of predictions that are not ABSTAIN (-1); NaN for no rows.
 *
 * @example
 * coverage([0, -1, 1, -1]); // 0.5
 */
export function coverage(preds: ArrayLike<number>): number {
  let covered = 0;
  for (let i = 0; i < preds.length; i++) if (preds[i] !== ABSTAIN) covered++;
  return covered / preds.length;
}

/**
 * Confusion matrix over labels 0..k-1 (rows gold, columns predicted); pairs with a label outside 0..k-1 (such as -1) are left out.
 *
 * @example
 * confusionMatrix([0, 1, 1], [0, 0, 1], 2).data; // Int32Array [1, 0, 1, 1]
 */
export function confusionMatrix(golds: ArrayLike<number>, preds: ArrayLike<number>, k: number): ConfusionMatrix {
  checkAligned(golds, preds);
  const data = new Int32Array(k * k);
  for (let i = 0; i < golds.length; i++) {
    const g = golds[i];
    const p = preds[i];
    if (g >= 0 && g < k && p >= 0 && p < k) data[g * k + p]++;
  }
  return { k, data };
}

function checkAligned(golds: ArrayLike<number>, preds: ArrayLike<number>): void {
  if (golds.length !== preds.length) {
    throw new DataError(`golds has ${golds.length} labels but preds has ${preds.length}: expected one prediction per gold label`, { field: 'preds', expected: golds.length, got: preds.length });
  }
}

function ratioOrZero(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

function f1FromCounts({ tp, fp, fn }: ClassCounts): number {
  return ratioOrZero(2 * tp, 2 * tp + fp + fn);
}

/** tp / fp / fn of label 1, refusing labels other than 0 and 1 (scikit-learn's `average='binary'`). */
function binaryCounts(golds: ArrayLike<number>, preds: ArrayLike<number>): ClassCounts {
  checkAligned(golds, preds);
  const c: ClassCounts = { tp: 0, fp: 0, fn: 0 };
  for (let i = 0; i < golds.length; i++) {
    const g = golds[i];
    const p = preds[i];
    if ((g !== 0 && g !== 1) || (p !== 0 && p !== 1)) {
      throw new DataError(`binary metric got gold ${g} / prediction ${p} at row ${i}: expected labels 0 and 1 (use f1Micro / f1Macro for more classes)`, { record: i, field: g !== 0 && g !== 1 ? 'golds' : 'preds' });
    }
    if (p === 1 && g === 1) c.tp++;
    else if (p === 1) c.fp++;
    else if (g === 1) c.fn++;
  }
  return c;
}

/** tp / fp / fn of every label that occurs in golds or preds. */
function perClassCounts(golds: ArrayLike<number>, preds: ArrayLike<number>): Map<number, ClassCounts> {
  checkAligned(golds, preds);
  const counts = new Map<number, ClassCounts>();
  const of = (label: number): ClassCounts => {
    let c = counts.get(label);
    if (!c) counts.set(label, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  for (let i = 0; i < golds.length; i++) {
    const g = golds[i];
    const p = preds[i];
    if (g === p) of(g).tp++;
    else {
      of(p).fp++;
      of(g).fn++;
    }
  }
  return counts;
}
