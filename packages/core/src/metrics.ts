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
    throw new DataError(`golds has ${golds.length} labels but preds has ${preds.length}: expected one prediction per gold label`, {
      field: 'preds',
      expected: golds.length,
      got: preds.length,
    });
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
      throw new DataError(`binary metric got gold ${g} / prediction ${p} at row ${i}: expected labels 0 and 1 (use f1Micro / f1Macro for more classes)`, {
        record: i,
        field: g !== 0 && g !== 1 ? 'golds' : 'preds',
      });
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

/**
 * Binary F-beta of label 1: (1 + β²)·tp / ((1 + β²)·tp + β²·fn + fp), 0 when there is no positive gold or
 * prediction (scikit-learn's `fbeta_score`, pos_label 1). β = 1 is F1; β = 2 weighs recall more.
 *
 * @example
 * fbeta([0, 1, 1, 1], [1, 1, 1, 0], 2); // 5·2 / (5·2 + 4·1 + 1) = 0.6666…
 */
export function fbeta(golds: ArrayLike<number>, preds: ArrayLike<number>, beta = 1): number {
  if (!(beta > 0 && Number.isFinite(beta))) throw new DataError(`fbeta: beta = ${beta}: expected a finite number > 0`, { field: 'beta' });
  const { tp, fp, fn } = binaryCounts(golds, preds);
  const b2 = beta * beta;
  return ratioOrZero((1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp);
}

/**
 * Matthews correlation coefficient for any number of classes (scikit-learn's `matthews_corrcoef`):
 * (c·s − Σ p_k t_k) / sqrt((s² − Σ p_k²)(s² − Σ t_k²)), c correct, s rows, p / t predicted / true counts; 0 when
 * a denominator is 0.
 *
 * @example
 * matthewsCorrcoef([0, 1, 1, 0], [0, 1, 0, 0]); // 0.5773…
 */
export function matthewsCorrcoef(golds: ArrayLike<number>, preds: ArrayLike<number>): number {
  checkAligned(golds, preds);
  const t = new Map<number, number>();
  const p = new Map<number, number>();
  let correct = 0;
  for (let i = 0; i < golds.length; i++) {
    t.set(golds[i], (t.get(golds[i]) ?? 0) + 1);
    p.set(preds[i], (p.get(preds[i]) ?? 0) + 1);
    if (golds[i] === preds[i]) correct++;
  }
  const s = golds.length;
  let pt = 0;
  let pp = 0;
  let tt = 0;
  for (const [label, count] of p) pt += count * (t.get(label) ?? 0);
  for (const count of p.values()) pp += count * count;
  for (const count of t.values()) tt += count * count;
  const den = Math.sqrt((s * s - pp) * (s * s - tt));
  return den === 0 ? 0 : (correct * s - pt) / den;
}

/**
 * Binary ROC AUC of label 1 from scores (e.g. P(y = 1)): the probability that a random positive scores above a
 * random negative, ties counting one half (scikit-learn's `roc_auc_score`). A DataError when one class is absent.
 *
 * @example
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 */
export function rocAuc(golds: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkAligned(golds, scores);
  const order = Array.from({ length: golds.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  // Mann-Whitney U with average ranks for tied scores.
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    const rank = (start + end) / 2 + 1;
    for (let r = start; r <= end; r++) {
      const y = golds[order[r]];
      if (y !== 0 && y !== 1)
        throw new DataError(`roc_auc: gold label ${y} at row ${order[r]}: expected 0 or 1 (binary only)`, { field: 'golds', row: order[r] });
      if (y === 1) {
        positives++;
        rankSum += rank;
      }
    }
    start = end + 1;
  }
  const negatives = golds.length - positives;
  if (positives === 0 || negatives === 0) throw new DataError('roc_auc is undefined when the gold labels hold only one class', { field: 'golds' });
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Mean negative log-likelihood of the gold labels under row-major n × k probabilities (scikit-learn's `log_loss`),
 * each probability clipped to [1e-15, 1 − 1e-15].
 *
 * @example
 * logLoss([1, 0], Float64Array.of(0.2, 0.8, 0.6, 0.4), 2); // (−ln 0.8 − ln 0.6) / 2 = 0.3670…
 */
export function logLoss(golds: ArrayLike<number>, probs: ArrayLike<number>, k: number): number {
  if (probs.length !== golds.length * k) {
    throw new DataError(`log_loss: ${probs.length} probabilities for ${golds.length} gold labels and ${k} classes`, {
      field: 'probs',
      expected: golds.length * k,
      got: probs.length,
    });
  }
  let total = 0;
  for (let i = 0; i < golds.length; i++) {
    const y = golds[i];
    if (!(Number.isInteger(y) && y >= 0 && y < k))
      throw new DataError(`log_loss: gold label ${y} at row ${i}: expected 0..${k - 1}`, { field: 'golds', row: i });
    total -= Math.log(Math.min(Math.max(probs[i * k + y], 1e-15), 1 - 1e-15));
  }
  return total / golds.length;
}
