// Converts probabilistic labels to hard predictions with Snorkel's tie-break rules (and one-hot predictions back to probabilities).

import { DataError } from './errors.ts';
import { ABSTAIN, type ProbMatrix } from './labelMatrix.ts';
import type { TieBreakPolicy } from './labelModel.ts';
import { hashTieBreak } from './sha1TieBreak.ts';

/**
 * The predicted class of each row (snorkel.utils.probs_to_preds): the classes within `tol` of the row's maximum tie;
 * a single one wins, ties follow the policy: 'abstain' → -1, 'random' → Snorkel's sha1-of-row-index choice
 * (reproducible, identical to Snorkel's), 'true-random' → a choice by `rng` (default Math.random).
 *
 * @example
 * probsToPreds(probMatrix([[0.5, 0.5, 0.5]]));          // Int32Array [-1]
 * probsToPreds(probMatrix([[0.8, 0.1, 0.1]]));          // Int32Array [0]
 * probsToPreds(probMatrix([[0.5, 0.5]]), 'random');     // Int32Array [0]: sha1("0") is even
 */
export function probsToPreds(probs: ProbMatrix, tieBreakPolicy: TieBreakPolicy = 'abstain', tol = 1e-5, rng: () => number = Math.random): Int32Array {
  const { n, k, data } = probs;
  if (k <= 1) throw new DataError(`probs must have probabilities for at least 2 classes, got ${k}`, { field: 'probs', k });
  if (tieBreakPolicy !== 'abstain' && tieBreakPolicy !== 'random' && tieBreakPolicy !== 'true-random') {
    throw new DataError(`tie-break policy "${String(tieBreakPolicy)}" not recognised: expected 'abstain', 'random' or 'true-random'`, {
      field: 'tieBreakPolicy',
    });
  }
  const preds = new Int32Array(n);
  const tied: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = i * k;
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      const v = data[row + c];
      if (Number.isNaN(v)) throw new DataError(`probs[${i}][${c}] is NaN: expected a probability`, { record: i, field: 'probs' });
      if (v > max) max = v;
    }
    let nTied = 0;
    let first = 0;
    for (let c = 0; c < k; c++) {
      if (Math.abs(data[row + c] - max) < tol && nTied++ === 0) first = c;
    }
    if (nTied === 1) {
      preds[i] = first;
      continue;
    }
    tied.length = 0;
    for (let c = 0; c < k; c++) if (Math.abs(data[row + c] - max) < tol) tied.push(c);
    if (tieBreakPolicy === 'random') preds[i] = tied[hashTieBreak(i, tied.length)];
    else if (tieBreakPolicy === 'true-random') preds[i] = tied[Math.min(tied.length - 1, Math.floor(rng() * tied.length))];
    else preds[i] = ABSTAIN;
  }
  return preds;
}

/**
 * The class with the highest probability in row `i` of `probs`, the first of tied maxima (no tie-break, no abstain).
 *
 * @example
 * argmaxRow({ n: 2, k: 3, data: Float64Array.of(0.2, 0.5, 0.3, 0.4, 0.2, 0.4) }, 1); // 0: classes 0 and 2 tie, the first wins
 */
export function argmaxRow(probs: ProbMatrix, i: number): number {
  const { k, data } = probs;
  let best = 0;
  for (let c = 1; c < k; c++) if (data[i * k + c] > data[i * k + best]) best = c;
  return best;
}

/**
 * One-hot probabilities for hard predictions (snorkel.utils.preds_to_probs); abstains and labels outside 0..k-1 are errors.
 *
 * @example
 * predsToProbs([1, 0], 2).data; // Float64Array [0, 1, 1, 0]
 */
export function predsToProbs(preds: ArrayLike<number>, k: number): ProbMatrix {
  const n = preds.length;
  const data = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const p = preds[i];
    if (!Number.isInteger(p) || p < 0 || p >= k) {
      throw new DataError(`prediction ${p} at row ${i} cannot become a probability: expected a label in 0..${k - 1}`, { record: i, field: 'preds' });
    }
    data[i * k + p] = 1;
  }
  return { n, k, data };
}
