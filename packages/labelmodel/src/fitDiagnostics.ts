// Detects degenerate label-model fits from their probabilities: NaN, uniform posteriors on every row, one class for every row.

import type { ProbMatrix } from '@skimmer/core';

/** How far from 1/k every probability must stay for a fit to count as "uniform on every row". */
const UNIFORM_TOLERANCE = 1e-6;

/**
 * Warnings about a fit's probabilities on the rows it was fitted on (empty when the fit looks sound): non-finite
 * probabilities; every row uniform (the model learned nothing, e.g. FlyingSquid on very sparse LFs); every row
 * with at least one vote given the same argmax class (e.g. Dawid-Skene's "all ham" on sms). `auto` never picks a
 * model with a warning.
 *
 * @example
 * diagnoseProbs({ n: 2, k: 2, data: Float64Array.of(0.5, 0.5, 0.5, 0.5) }); // ['uniform probabilities on every row (2 rows): the model learned nothing']
 */
export function diagnoseProbs(probs: ProbMatrix, voted?: ArrayLike<number>): string[] {
  const { n, k, data } = probs;
  const warnings: string[] = [];
  let nonFinite = 0;
  let uniform = 0;
  const argmaxCounts = new Float64Array(k);
  let votedRows = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let isUniform = true;
    let finite = true;
    for (let c = 0; c < k; c++) {
      const p = data[i * k + c];
      if (!Number.isFinite(p)) finite = false;
      if (Math.abs(p - 1 / k) > UNIFORM_TOLERANCE) isUniform = false;
      if (p > data[i * k + best]) best = c;
    }
    if (!finite) nonFinite++;
    if (isUniform) uniform++;
    if (finite && !isUniform && (voted === undefined || voted[i])) {
      argmaxCounts[best]++;
      votedRows++;
    }
  }
  if (nonFinite > 0) warnings.push(`non-finite (NaN or infinite) probabilities on ${nonFinite} of ${n} rows`);
  if (n > 0 && uniform === n) warnings.push(`uniform probabilities on every row (${n} rows): the model learned nothing`);
  const top = argmaxCounts.reduce((a, b) => Math.max(a, b), 0);
  if (k > 1 && votedRows > 1 && top === votedRows) {
    warnings.push(`predicts class ${argmaxCounts.indexOf(top)} for every row with a vote (${votedRows} rows)`);
  }
  return warnings;
}

/** voted[i] is true when row i of L has at least one non-abstain vote. */
export function votedRows(L: { n: number; m: number; data: Int32Array }): Uint8Array {
  const out = new Uint8Array(L.n);
  for (let i = 0; i < L.n; i++) {
    for (let j = 0; j < L.m; j++) {
      if (L.data[i * L.m + j] >= 0) {
        out[i] = 1;
        break;
      }
    }
  }
  return out;
}
