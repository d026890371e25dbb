// Snorkel's analysis helpers: filter_unlabeled_dataframe (rows some LF voted on) and get_label_buckets.

import { LabelModelError } from '@skimmer/core';
import type { LabelMatrix, ProbMatrix } from '@skimmer/core';
import { votedRows } from './fitDiagnostics.ts';

/**
 * Snorkel's `filter_unlabeled_dataframe(X, y, L)`: keeps the rows on which at least one LF voted, with their
 * probabilities. `indices` are the kept rows' positions in the input.
 *
 * @example
 * filterUnlabeled(['a', 'b'], probs, { n: 2, m: 1, data: Int32Array.of(-1, 0) }); // { rows: ['b'], probs: row 1 only, indices: [1] }
 */
export function filterUnlabeled<T>(rows: readonly T[], probs: ProbMatrix, L: LabelMatrix): { rows: T[]; probs: ProbMatrix; indices: Int32Array } {
  if (rows.length !== L.n || probs.n !== L.n) {
    throw new LabelModelError(`filterUnlabeled: ${rows.length} rows and ${probs.n} probability rows for a label matrix of ${L.n} rows: expected one each`, {
      n: L.n,
    });
  }
  const voted = votedRows(L);
  const indices = Int32Array.from(Array.from(voted).flatMap((v, i) => (v ? [i] : [])));
  const { k } = probs;
  const data = new Float64Array(indices.length * k);
  indices.forEach((i, r) => data.set(probs.data.subarray(i * k, (i + 1) * k), r * k));
  return { rows: Array.from(indices, (i) => rows[i]), probs: { n: indices.length, k, data }, indices };
}

/**
 * Snorkel's `get_label_buckets(*y)`: the row indices of each combination of labels, keyed by the labels joined
 * with ',' (e.g. gold and prediction: '1,0' holds the false negatives of class 1).
 *
 * @example
 * labelBuckets([0, 1, 1], [0, 0, 1]); // Map { '0,0' => [0], '1,0' => [1], '1,1' => [2] }
 */
export function labelBuckets(...ys: ArrayLike<number>[]): Map<string, number[]> {
  if (ys.length === 0) throw new LabelModelError('labelBuckets needs at least one label array', {});
  const n = ys[0].length;
  ys.forEach((y, a) => {
    if (y.length !== n) throw new LabelModelError(`labelBuckets: array ${a} has ${y.length} labels, array 0 has ${n}`, { field: `y[${a}]` });
  });
  const buckets = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = ys.map((y) => y[i]).join(',');
    const bucket = buckets.get(key);
    if (bucket) bucket.push(i);
    else buckets.set(key, [i]);
  }
  return buckets;
}
