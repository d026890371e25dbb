// P(Y | λ) for two classes as one log-odds sum per row, four rows at a time so the sums overlap in the CPU.

import type { LabelMatrix, ProbMatrix } from '@skimmer/core';
import { invalidLabel } from '../overlaps.ts';

/** Rows summed side by side: each row's sum stays one chain in LF order (so results are bit-identical), four chains overlap. */
const ROWS_AT_ONCE = 4;

/**
 * The binary posterior from per-vote log-odds: s = priorOdds + Σ_j logOdds[3j + λ_j + 1] (slot 0, abstain, holds 0),
 * then P(0) = 1 / (1 + e^s) and P(1) = 1 / (1 + e^−s) (each exact in floating point, no 0/0). Votes outside -1..1
 * throw a LabelModelError naming the row and the LF.
 *
 * @example
 * binaryPosterior(labelMatrix([[1, -1, 0]]), Float64Array.of(0, -1, 1, 0, -1, 1, 0, -1, 1), 0).data; // [0.5, 0.5]
 */
export function binaryPosterior(L: LabelMatrix, logOdds: Float64Array, priorOdds: number): ProbMatrix {
  const { n, m, data } = L;
  const out = new Float64Array(n * 2);
  const full = n - (n % ROWS_AT_ONCE);
  for (let i = 0; i < full; i += ROWS_AT_ONCE) {
    const b0 = i * m;
    const b1 = b0 + m;
    const b2 = b1 + m;
    const b3 = b2 + m;
    let s0 = priorOdds;
    let s1 = priorOdds;
    let s2 = priorOdds;
    let s3 = priorOdds;
    // (1 − vote) | (vote + 1) is negative exactly when a vote is outside -1..1.
    let bad = 0;
    for (let j = 0, o = 1; j < m; j++, o += 3) {
      const v0 = data[b0 + j];
      const v1 = data[b1 + j];
      const v2 = data[b2 + j];
      const v3 = data[b3 + j];
      bad |= (1 - v0) | (1 - v1) | (1 - v2) | (1 - v3) | (v0 + 1) | (v1 + 1) | (v2 + 1) | (v3 + 1);
      s0 += logOdds[o + v0];
      s1 += logOdds[o + v1];
      s2 += logOdds[o + v2];
      s3 += logOdds[o + v3];
    }
    if (bad < 0) throwFirstInvalid(L, i, i + ROWS_AT_ONCE);
    writeRow(out, i, s0);
    writeRow(out, i + 1, s1);
    writeRow(out, i + 2, s2);
    writeRow(out, i + 3, s3);
  }
  for (let i = full; i < n; i++) {
    let s = priorOdds;
    for (let j = 0; j < m; j++) {
      const v = data[i * m + j];
      if (v < -1 || v > 1) throw invalidLabel(i, j, v, 2);
      s += logOdds[3 * j + 1 + v];
    }
    writeRow(out, i, s);
  }
  return { n, k: 2, data: out };
}

function writeRow(out: Float64Array, i: number, s: number): void {
  out[i * 2] = 1 / (1 + Math.exp(s));
  out[i * 2 + 1] = 1 / (1 + Math.exp(-s));
}

function throwFirstInvalid(L: LabelMatrix, start: number, end: number): never {
  for (let i = start; i < end; i++) {
    for (let j = 0; j < L.m; j++) {
      const v = L.data[i * L.m + j];
      if (v < -1 || v > 1) throw invalidLabel(i, j, v, 2);
    }
  }
  throw new Error('binaryPosterior: a vote was flagged invalid but none is'); // unreachable
}
