// Snorkel's _break_col_permutation_symmetry: among column permutations of μ that fit equally well, trust the LFs most.

import { minCostAssignment } from '../hungarian.ts';

/**
 * Any permutation of μ's columns between classes with the same prior fits O equally well. This
 * picks the one that maximises Σ_lf Σ_y P(λ = y, Y = y), solving each group of classes with equal
 * prior (rounded to 3 decimals) as an assignment problem. Returns the permuted d × k matrix.
 *
 * @example
 * // two classes, uniform prior, an inverted solution: columns are swapped back
 * breakColPermutationSymmetry(mu, 3, 2, [0.5, 0.5]);
 */
export function breakColPermutationSymmetry(mu: Float64Array, m: number, k: number, p: ArrayLike<number>): Float64Array {
  const d = mu.length / k;
  // probsSum[r][c] = Σ_lf μ[lf·k + r, c] · p_c
  const probsSum: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let lf = 0; lf < m; lf++) {
    for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) probsSum[r][c] += mu[(lf * k + r) * k + c] * p[c];
  }
  const groups = new Map<number, number[]>();
  for (let c = 0; c < k; c++) {
    const key = Math.round(p[c] * 1000) / 1000;
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  // sourceOf[newCol] = the old column moved there (μ @ Z with Z[group[i], group[j]] = 1)
  const sourceOf = Int32Array.from({ length: k }, (_, c) => c);
  for (const group of groups.values()) {
    if (group.length === 1) continue;
    // cost[i][j] = −probsSum[group[j]][group[i]]: old column group[i] placed at group[j]
    const cost = group.map((gi) => group.map((gj) => -probsSum[gj][gi]));
    const colForRow = minCostAssignment(cost);
    for (let i = 0; i < group.length; i++) sourceOf[group[colForRow[i]]] = group[i];
  }
  const out = new Float64Array(mu.length);
  for (let a = 0; a < d; a++) for (let c = 0; c < k; c++) out[a * k + c] = mu[a * k + sourceOf[c]];
  return out;
}
