// The label matrix L: n data points × m labeling functions, row-major Int32Array, ABSTAIN (-1) where an LF abstains.

import { SkimmerError } from './errors.ts';

/** The vote of a labeling function that declines to label a point. */
export const ABSTAIN = -1;

/** n × m votes, row-major: the vote of LF j on point i is `data[i * m + j]`. */
export interface LabelMatrix {
  readonly n: number;
  readonly m: number;
  readonly data: Int32Array;
}

/** n × k class probabilities, row-major: P(y = c | point i) is `data[i * k + c]`. */
export interface ProbMatrix {
  readonly n: number;
  readonly k: number;
  readonly data: Float64Array;
}

/**
 * Builds a LabelMatrix from nested arrays (handy in tests and docs).
 *
 * @example
 * const L = labelMatrix([[-1, 0, 1], [1, -1, -1]]); // L.n === 2, L.m === 3
 */
export function labelMatrix(rows: ReadonlyArray<ReadonlyArray<number>>): LabelMatrix {
  const n = rows.length;
  const m = n === 0 ? 0 : rows[0].length;
  const data = new Int32Array(n * m);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (row.length !== m) {
      throw new SkimmerError('LABEL_MATRIX_SHAPE', `row ${i} has ${row.length} votes, expected ${m}`, { row: i });
    }
    for (let j = 0; j < m; j++) {
      const v = row[j];
      if (!Number.isInteger(v) || v < ABSTAIN) {
        throw new SkimmerError('LABEL_MATRIX_VALUE', `L[${i}][${j}] = ${v}: expected an integer label >= 0 or ABSTAIN (-1)`, { row: i, lf: j });
      }
      data[i * m + j] = v;
    }
  }
  return { n, m, data };
}

/** Wraps a row-major Int32Array as a LabelMatrix, checking its length. */
export function labelMatrixFromData(data: Int32Array, n: number, m: number): LabelMatrix {
  if (data.length !== n * m) {
    throw new SkimmerError('LABEL_MATRIX_SHAPE', `label matrix data has length ${data.length}, expected n*m = ${n}*${m}`, { n, m });
  }
  return { n, m, data };
}

/** Returns row i of L as a subarray view (no copy). */
export function labelRow(L: LabelMatrix, i: number): Int32Array {
  return L.data.subarray(i * L.m, (i + 1) * L.m);
}

/** Converts a LabelMatrix back to nested arrays (for reports and tests). */
export function labelMatrixToArrays(L: LabelMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < L.n; i++) out.push(Array.from(labelRow(L, i)));
  return out;
}

/** Builds a ProbMatrix from nested arrays. */
export function probMatrix(rows: ReadonlyArray<ReadonlyArray<number>>): ProbMatrix {
  const n = rows.length;
  const k = n === 0 ? 0 : rows[0].length;
  const data = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) data[i * k + c] = rows[i][c];
  return { n, k, data };
}

/** Converts a ProbMatrix to nested arrays. */
export function probMatrixToArrays(P: ProbMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < P.n; i++) out.push(Array.from(P.data.subarray(i * P.k, (i + 1) * P.k)));
  return out;
}
