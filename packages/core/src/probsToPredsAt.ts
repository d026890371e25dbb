// Hard predictions of one chunk of rows, with Snorkel's reproducible tie-break keyed on each row's index in the whole split.

import { ABSTAIN, type ProbMatrix } from './labelMatrix.ts';
import { probsToPreds } from './probsToPreds.ts';
import { hashTieBreak } from './sha1TieBreak.ts';
import type { TieBreakPolicy } from './labelModel.ts';

/**
 * `probsToPreds` of rows `rowOffset .. rowOffset + probs.n - 1` of a larger matrix: the same predictions as slicing
 * `probsToPreds(wholeProbs, policy)`, since the 'random' tie-break hashes the row's index in the whole matrix.
 *
 * @example
 * probsToPredsAt({ n: 1, k: 2, data: Float64Array.of(0.5, 0.5) }, 'random', 1_000_000); // same as row 1,000,000 of the whole
 */
export function probsToPredsAt(probs: ProbMatrix, tieBreakPolicy: TieBreakPolicy, rowOffset: number, tol = 1e-5): Int32Array {
  if (tieBreakPolicy !== 'random' || rowOffset === 0) return probsToPreds(probs, tieBreakPolicy, tol);
  const preds = probsToPreds(probs, 'abstain', tol);
  const { k, data } = probs;
  const tied: number[] = [];
  for (let i = 0; i < probs.n; i++) {
    if (preds[i] !== ABSTAIN) continue;
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (data[i * k + c] > max) max = data[i * k + c];
    tied.length = 0;
    for (let c = 0; c < k; c++) if (Math.abs(data[i * k + c] - max) < tol) tied.push(c);
    preds[i] = tied[hashTieBreak(rowOffset + i, tied.length)];
  }
  return preds;
}
