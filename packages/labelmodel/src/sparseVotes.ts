// The non-abstain votes of a label matrix in compressed-row form, so EM and moment passes cost O(votes), not O(n·m).

import type { LabelMatrix } from '@skimmer/core';

/** Row i's votes are `lf[t]`, `label[t]` for t in rowStart[i] .. rowStart[i+1]-1 (abstains left out). */
export interface SparseVotes {
  readonly n: number;
  readonly m: number;
  readonly rowStart: Int32Array;
  readonly lf: Int32Array;
  readonly label: Int32Array;
}

/**
 * Collects the non-abstain votes of L row by row (labels must already be checked).
 *
 * @example
 * sparseVotes(labelMatrix([[1, -1, 0]])); // rowStart [0, 2], lf [0, 2], label [1, 0]
 */
export function sparseVotes(L: LabelMatrix): SparseVotes {
  const { n, m, data } = L;
  let nnz = 0;
  for (const v of data) if (v >= 0) nnz++;
  const rowStart = new Int32Array(n + 1);
  const lf = new Int32Array(nnz);
  const label = new Int32Array(nnz);
  let t = 0;
  for (let i = 0; i < n; i++) {
    rowStart[i] = t;
    for (let j = 0; j < m; j++) {
      const v = data[i * m + j];
      if (v >= 0) {
        lf[t] = j;
        label[t++] = v;
      }
    }
  }
  rowStart[n] = t;
  return { n, m, rowStart, lf, label };
}
