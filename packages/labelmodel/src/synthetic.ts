// Synthetic label matrices with known LF conditional probabilities (a port of snorkel's generate_simple_label_matrix).

import type { LabelMatrix } from '@skimmer/core';
import { NumpyRandomState } from './snorkel/numpyRandomState.ts';

/** What `generateSimpleLabelMatrix` returns: the true tables P, the true labels Y and the votes L. */
export interface SimpleLabelMatrix {
  /** P[i][j][y] = P(λ_i = j − 1 | Y = y): m × (k+1) × k, row 0 of each table is abstain. */
  P: number[][][];
  /** True labels in 0..k-1. */
  Y: Int32Array;
  /** n × m votes, -1 = abstain. */
  L: LabelMatrix;
}

/**
 * Draws random LF conditional-probability tables (biased towards accurate LFs), balanced true
 * labels and the label matrix they imply. `abstainMultiplier` scales the abstain probability, to
 * simulate sparse LFs. With the same `seed` the draws equal numpy's after `np.random.seed(seed)`,
 * so `generateSimpleLabelMatrix(10000, 10, 2, 1, 123)` reproduces snorkel's test fixture.
 *
 * @example
 * const { P, Y, L } = generateSimpleLabelMatrix(1000, 5, 2);
 */
export function generateSimpleLabelMatrix(n: number, m: number, cardinality: number, abstainMultiplier = 1, seed = 123): SimpleLabelMatrix {
  const rng = new NumpyRandomState(seed);
  const k = cardinality;
  const P: number[][][] = [];
  for (let i = 0; i < m; i++) {
    const p: number[][] = [];
    for (let r = 0; r <= k; r++) {
      const row: number[] = [];
      for (let c = 0; c < k; c++) row.push(rng.random());
      p.push(row);
    }
    for (let y = 0; y < k; y++) p[y + 1][y] += k - 1;
    for (let c = 0; c < k; c++) p[0][c] *= abstainMultiplier;
    const colSums = new Array<number>(k).fill(0);
    for (let r = 0; r <= k; r++) for (let c = 0; c < k; c++) colSums[c] += p[r][c];
    P.push(p.map((row) => row.map((v, c) => v * (1 / colSums[c]))));
  }
  const Y = new Int32Array(n);
  for (let i = 0; i < n; i++) Y[i] = rng.randint(k);
  // Column tables P[j][·][y], gathered once so each draw reads a contiguous slice.
  const columns = P.map((table) => Array.from({ length: k }, (_, y) => table.map((row) => row[y])));
  const data = new Int32Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) data[i * m + j] = rng.choice(columns[j][Y[i]]) - 1;
  }
  return { P, Y, L: { n, m, data } };
}
