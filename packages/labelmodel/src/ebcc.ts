// EbccLabelModel: Enhanced Bayesian Classifier Combination (Li, Rubinstein, Cohn, ICML 2019), mean-field variational Bayes.

import { LabelModelError } from '@skimmer/core';
import type { LabelMatrix, LabelModelFitOptions, LabelModelJSON, ProbMatrix } from '@skimmer/core';
import { BaseLabelModel, checkLabelMatrix, jsonNumbers, jsonOfType, normalizeRows } from './baseLabelModel.ts';
import { majorityVoteCounts } from './majorityVote.ts';
import { NumpyRandomState } from './snorkel/numpyRandomState.ts';
import { sparseVotes } from './sparseVotes.ts';
import type { SparseVotes } from './sparseVotes.ts';

/** Options of `EbccLabelModel.fit` (all optional; defaults are the paper's code, `ebcc_vb`). */
export interface EbccFitOptions extends LabelModelFitOptions {
  /** Subtypes per class, M (10). */
  numGroups?: number;
  /** Dirichlet concentration of the subtype weights π_k, spread over the M subtypes (0.1). */
  aPi?: number;
  /** Dirichlet pseudo-count of each class in the class prior τ (1). */
  alpha?: number;
  /** Dirichlet prior of an LF's confusion row: a_v on the true class, b_v elsewhere (4, 1). */
  aV?: number;
  bV?: number;
  /** Most variational iterations (500); stops earlier when no posterior moves by more than `tol` (1e-3). */
  maxIter?: number;
  tol?: number;
  /**
   * true: abstaining is one more outcome of each LF's confusion row (as WRENCH's Dawid-Skene), so an LF that only
   * ever votes one label still carries evidence. false (the paper, crowdsourcing): abstains are ignored. Default true.
   */
  modelAbstains?: boolean;
}

/** What `EbccLabelModel.toJSON()` writes. */
export interface EbccJSON extends LabelModelJSON {
  readonly type: 'ebcc';
  readonly m: number;
  readonly numGroups: number;
  readonly modelAbstains: boolean;
  /** E_q[log τ_k], k. */
  readonly logTau: number[];
  /** E_q[log π_km], k × M. */
  readonly logPi: number[];
  /** E_q[log v_jkm,o], m × k × M × (k+1), o = 0 abstain, o = l + 1 label l. */
  readonly logV: number[];
  readonly iterations: number;
}

interface FittedEbcc {
  m: number;
  numGroups: number;
  modelAbstains: boolean;
  logTau: Float64Array;
  logPi: Float64Array;
  logV: Float64Array;
  iterations: number;
}

/**
 * EBCC models the correlation between LFs with M subtypes per class: a row of true class k belongs to subtype g with
 * probability π_kg, and each LF has one confusion row per (class, subtype). Inference is the paper's mean-field
 * variational Bayes (Dirichlet priors on τ, π and the confusion rows; posteriors over (class, subtype) per row),
 * initialised from the majority vote times a seeded Dirichlet(1) split over the subtypes. Each iteration is
 * O(votes · k · M).
 *
 * @example
 * const ebcc = new EbccLabelModel({ cardinality: 6 });
 * ebcc.fit(L, { seed: 123 });
 * ebcc.predictProba(L); // n × 6
 */
export class EbccLabelModel extends BaseLabelModel {
  readonly type = 'ebcc';
  private state?: FittedEbcc;

  fit(L: LabelMatrix, options: EbccFitOptions = {}): void {
    this.checkLabelMatrix(L);
    const k = this.cardinality;
    const { numGroups: M = 10, aPi = 0.1, alpha = 1, aV = 4, bV = 1, maxIter = 500, tol = 1e-3, modelAbstains = true, seed = 123 } = options;
    if (!(Number.isInteger(M) && M >= 1)) throw new LabelModelError(`numGroups = ${M}: expected an integer >= 1`, { field: 'numGroups' });
    for (const [field, v] of Object.entries({ aPi, alpha, aV, bV })) {
      if (!(v > 0 && Number.isFinite(v))) throw new LabelModelError(`${field} = ${v}: expected a finite number > 0`, { field });
    }
    if (!(Number.isInteger(maxIter) && maxIter >= 1)) throw new LabelModelError(`maxIter = ${maxIter}: expected an integer >= 1`, { field: 'maxIter' });
    const votes = sparseVotes(L);
    const { n, m } = votes;
    const o = k + 1;
    // z_ik from the majority vote (all-abstain rows uniform), split over subtypes by Dirichlet(1) draws.
    const z = majorityVoteCounts(L, k);
    normalizeRows(z, k);
    const rng = new NumpyRandomState(seed);
    const zg = new Float64Array(n * k * M);
    for (let ik = 0; ik < n * k; ik++) {
      let sum = 0;
      for (let g = 0; g < M; g++) sum += zg[ik * M + g] = -Math.log(1 - rng.random());
      for (let g = 0; g < M; g++) zg[ik * M + g] *= z[ik] / sum;
    }
    const logTau = new Float64Array(k);
    const logPi = new Float64Array(k * M);
    const logV = new Float64Array(m * k * M * o);
    const mu = new Float64Array(m * k * M * o);
    const eta = new Float64Array(k * M);
    const nu = new Float64Array(k);
    const lastZ = new Float64Array(n * k);
    let iterations = 0;
    for (let it = 0; it < maxIter; it++) {
      iterations = it + 1;
      // Variational M-step: Dirichlet posteriors of π, τ and the confusion rows.
      eta.fill(aPi / M);
      nu.fill(alpha);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < k; c++) {
          for (let g = 0; g < M; g++) {
            const w = zg[(i * k + c) * M + g];
            eta[c * M + g] += w;
            nu[c] += w;
          }
        }
      }
      for (let j = 0; j < m; j++) {
        for (let c = 0; c < k; c++) {
          for (let g = 0; g < M; g++) {
            const cell = ((j * k + c) * M + g) * o;
            mu[cell] = modelAbstains ? eta[c * M + g] - aPi / M + bV : 0; // every row abstains, votes are taken off below
            for (let l = 0; l < k; l++) mu[cell + 1 + l] = l === c ? aV : bV;
          }
        }
      }
      for (let i = 0; i < n; i++) {
        for (let t = votes.rowStart[i]; t < votes.rowStart[i + 1]; t++) {
          const j = votes.lf[t];
          const l = votes.label[t];
          for (let c = 0; c < k; c++) {
            for (let g = 0; g < M; g++) {
              const w = zg[(i * k + c) * M + g];
              const cell = ((j * k + c) * M + g) * o;
              mu[cell + 1 + l] += w;
              if (modelAbstains) mu[cell] -= w;
            }
          }
        }
      }
      expectedLogs(eta, nu, mu, k, M, o, modelAbstains, logPi, logTau, logV);
      // Variational E-step over (class, subtype).
      lastZ.set(z);
      eStep(votes, k, M, modelAbstains, logTau, logPi, logV, zg, z);
      let moved = 0;
      for (let t = 0; t < z.length; t++) moved = Math.max(moved, Math.abs(z[t] - lastZ[t]) - 1e-5 * Math.abs(lastZ[t]));
      if (moved <= tol) break;
    }
    this.state = { m, numGroups: M, modelAbstains, logTau, logPi, logV, iterations };
  }

  /** How many variational iterations the last fit ran. */
  get iterations(): number {
    return this.fitted().iterations;
  }

  predictProba(L: LabelMatrix): ProbMatrix {
    const { m, numGroups, modelAbstains, logTau, logPi, logV } = this.fitted();
    checkLabelMatrix(L, this.cardinality, m);
    const k = this.cardinality;
    const out = new Float64Array(L.n * k);
    eStep(sparseVotes(L), k, numGroups, modelAbstains, logTau, logPi, logV, new Float64Array(L.n * k * numGroups), out);
    return { n: L.n, k, data: out };
  }

  toJSON(): EbccJSON {
    const { m, numGroups, modelAbstains, logTau, logPi, logV, iterations } = this.fitted();
    return {
      type: 'ebcc',
      cardinality: this.cardinality,
      m,
      numGroups,
      modelAbstains,
      logTau: Array.from(logTau),
      logPi: Array.from(logPi),
      logV: Array.from(logV),
      iterations,
    };
  }

  /** Restores a model written by `toJSON`. */
  static fromJSON(json: unknown): EbccLabelModel {
    const j = jsonOfType(json, 'ebcc');
    const model = new EbccLabelModel({ cardinality: j.cardinality });
    const k = model.cardinality;
    const { m, numGroups } = j;
    for (const [field, v] of Object.entries({ m, numGroups })) {
      if (!(Number.isInteger(v) && (v as number) >= 1))
        throw new LabelModelError(`label model JSON field ${field} = ${String(v)}: expected an integer >= 1`, { field });
    }
    const M = numGroups as number;
    model.state = {
      m: m as number,
      numGroups: M,
      modelAbstains: j.modelAbstains !== false,
      logTau: jsonNumbers(j, 'logTau', k),
      logPi: jsonNumbers(j, 'logPi', k * M),
      logV: jsonNumbers(j, 'logV', (m as number) * k * M * (k + 1)),
      iterations: Number(j.iterations) || 0,
    };
    return model;
  }

  private fitted(): FittedEbcc {
    if (!this.state) throw new LabelModelError('the EBCC model is not fitted: call fit(L) first', {});
    return this.state;
  }
}

/** E_q[log ·] of the Dirichlet posteriors: ψ(a) − ψ(Σa) for π (per class), τ and each confusion row. */
function expectedLogs(
  eta: Float64Array,
  nu: Float64Array,
  mu: Float64Array,
  k: number,
  M: number,
  o: number,
  modelAbstains: boolean,
  logPi: Float64Array,
  logTau: Float64Array,
  logV: Float64Array,
): void {
  let nuSum = 0;
  for (let c = 0; c < k; c++) nuSum += nu[c];
  for (let c = 0; c < k; c++) {
    logTau[c] = digamma(nu[c]) - digamma(nuSum);
    let etaSum = 0;
    for (let g = 0; g < M; g++) etaSum += eta[c * M + g];
    for (let g = 0; g < M; g++) logPi[c * M + g] = digamma(eta[c * M + g]) - digamma(etaSum);
  }
  const first = modelAbstains ? 0 : 1;
  for (let cell = 0; cell < mu.length; cell += o) {
    let sum = 0;
    for (let q = first; q < o; q++) sum += mu[cell + q] = Math.max(mu[cell + q], 1e-12);
    const dSum = digamma(sum);
    logV[cell] = 0;
    for (let q = first; q < o; q++) logV[cell + q] = digamma(mu[cell + q]) - dSum;
  }
}

/** zg[i,c,g] ∝ exp(E log τ_c + E log π_cg + Σ_j E log v_jcg,λ_ij), normalised over (c, g); z[i,c] = Σ_g zg. */
function eStep(
  votes: SparseVotes,
  k: number,
  M: number,
  modelAbstains: boolean,
  logTau: Float64Array,
  logPi: Float64Array,
  logV: Float64Array,
  zg: Float64Array,
  z: Float64Array,
): void {
  const { n, m, rowStart, lf, label } = votes;
  const o = k + 1;
  const base = new Float64Array(k * M);
  for (let c = 0; c < k; c++) {
    for (let g = 0; g < M; g++) {
      let s = logTau[c] + logPi[c * M + g];
      if (modelAbstains) for (let j = 0; j < m; j++) s += logV[((j * k + c) * M + g) * o];
      base[c * M + g] = s;
    }
  }
  const logits = new Float64Array(k * M);
  for (let i = 0; i < n; i++) {
    logits.set(base);
    for (let t = rowStart[i]; t < rowStart[i + 1]; t++) {
      const jOff = lf[t] * k * M;
      const q = label[t] + 1;
      for (let cg = 0; cg < k * M; cg++) {
        const cell = (jOff + cg) * o;
        logits[cg] += logV[cell + q] - (modelAbstains ? logV[cell] : 0);
      }
    }
    let max = -Infinity;
    for (let cg = 0; cg < k * M; cg++) if (logits[cg] > max) max = logits[cg];
    let total = 0;
    const off = i * k * M;
    for (let cg = 0; cg < k * M; cg++) total += zg[off + cg] = Math.exp(logits[cg] - max);
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let g = 0; g < M; g++) s += zg[off + c * M + g] /= total;
      z[i * k + c] = s;
    }
  }
}

/** The digamma function ψ(x) for x > 0: recurrence up to x ≥ 6, then the asymptotic series. */
export function digamma(x: number): number {
  let result = 0;
  while (x < 6) {
    result -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return result + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}
