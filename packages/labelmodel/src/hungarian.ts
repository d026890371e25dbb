// The Hungarian (Kuhn-Munkres) algorithm: a minimum-cost perfect assignment of rows to columns in O(n³).

import { LabelModelError } from '@skimmer/core';

/**
 * Solves the square assignment problem: picks one column per row, each column once, so that the
 * summed cost is minimal (the shortest-augmenting-path form with potentials, O(n³)).
 * Returns `colForRow`, where row i is assigned column `colForRow[i]`.
 * To maximise instead, pass the negated matrix (as snorkel does with Munkres).
 *
 * @example
 * minCostAssignment([[4, 1, 3], [2, 0, 5], [3, 2, 2]]); // Int32Array [1, 0, 2] (cost 1 + 2 + 2 = 5)
 */
export function minCostAssignment(cost: ReadonlyArray<ArrayLike<number>>): Int32Array {
  const n = cost.length;
  for (let i = 0; i < n; i++) {
    if (cost[i].length !== n) {
      throw new LabelModelError(`assignment cost matrix row ${i} has ${cost[i].length} entries, expected ${n} (a square matrix)`, { row: i });
    }
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite(cost[i][j])) {
        throw new LabelModelError(`assignment cost[${i}][${j}] = ${cost[i][j]}: expected a finite number`, { row: i, col: j });
      }
    }
  }
  // 1-based arrays: u/v are row/column potentials, rowOfCol[j] the row matched to column j (0 = none).
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const rowOfCol = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  const minSlack = new Float64Array(n + 1);
  const used = new Uint8Array(n + 1);
  for (let i = 1; i <= n; i++) {
    rowOfCol[0] = i;
    let j0 = 0;
    minSlack.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOfCol[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const slack = cost[i0 - 1][j - 1] - u[i0] - v[j];
        if (slack < minSlack[j]) {
          minSlack[j] = slack;
          way[j] = j0;
        }
        if (minSlack[j] < delta) {
          delta = minSlack[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[rowOfCol[j]] += delta;
          v[j] -= delta;
        } else {
          minSlack[j] -= delta;
        }
      }
      j0 = j1;
    } while (rowOfCol[j0] !== 0);
    do {
      const j1 = way[j0];
      rowOfCol[j0] = rowOfCol[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const colForRow = new Int32Array(n);
  for (let j = 1; j <= n; j++) colForRow[rowOfCol[j] - 1] = j - 1;
  return colForRow;
}
