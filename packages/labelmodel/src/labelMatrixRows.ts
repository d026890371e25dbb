// Row selection on label matrices: a subset of rows in a given order, and the rows where any LF voted.

import type { LabelMatrix } from '@skimmer/core';

/**
 * The rows `indices` of L, in that order, as a new label matrix.
 *
 * @example
 * selectRows({ n: 3, m: 1, data: Int32Array.of(0, 1, -1) }, [2, 0]); // { n: 2, m: 1, data: Int32Array [-1, 0] }
 */
export function selectRows(L: LabelMatrix, indices: ArrayLike<number>): LabelMatrix {
  const { m } = L;
  const data = new Int32Array(indices.length * m);
  for (let r = 0; r < indices.length; r++) data.set(L.data.subarray(indices[r] * m, (indices[r] + 1) * m), r * m);
  return { n: indices.length, m, data };
}
