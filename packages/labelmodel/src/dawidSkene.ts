// DawidSkeneLabelModel: per-LF confusion matrices and class marginals learned by EM in log space (WRENCH's DawidSkene).

import { LabelModelError } from '@skimmer/core';
import type { LabelMatrix, LabelModelFitOptions, LabelModelJSON, ProbMatrix } from '@skimmer/core';
import { BaseLabelModel, checkLabelMatrix, jsonNumbers, jsonOfType, normalizeRows, softmaxInto } from './baseLabelModel.ts';
import { checkedBalance } from './classPrior.ts';
import { majorityVoteCounts } from './majorityVote.ts';
import { sparseVotes } from './sparseVotes.ts';
import type { SparseVotes } from './sparseVotes.ts';

/** Options of `DawidSkeneLabelModel.fit` (all optional). */
export interface DawidSkeneFitOptions extends LabelModelFitOptions {
  /** Most EM iterations (WRENCH: 10000). */
  maxIter?: number;
  /** Stop when Σ|Δ class marginals| and Σ|Δ confusion| both fall below this (WRENCH: 1e-5). */
  tol?: number;
  /** Pseudo-count added to every confusion cell. Default 0, WRENCH's unsmoothed estimate (zeros are floored at 1e-300 in log space). */
  smoothing?: number;
  /**
   * true (WRENCH): abstaining is one more outcome of each LF's confusion matrix, P(λ_j = abstain | y) is learned.
   * false: abstains are left out of the confusion counts and of the likelihood (degenerate for LFs that only ever
   * vote one label, as most WRENCH LFs: on youtube it predicts one class for every row, 0.528).
   */
  modelAbstains?: boolean;
  /** Fixed class prior; when absent the class marginals are learned by EM. */
  classBalance?: ArrayLike<number>;
}

/** What `DawidSkeneLabelModel.toJSON()` writes. */
export interface DawidSkeneJSON extends LabelModelJSON {
  readonly type: 'dawid-skene';
  readonly m: number;
  readonly modelAbstains: boolean;
  readonly classBalance: number[];
  /** log P(λ_j = o − 1 | y), m × k × (k+1) row-major: [(j·k + y)·(k+1) + o], o = 0 is abstain. */
  readonly logConfusion: number[];
  readonly iterations: number;
}

interface FittedDS {
  m: number;
  modelAbstains: boolean;
  logPrior: Float64Array;
  logConfusion: Float64Array;
  iterations: number;
}

/**
 * Dawid & Skene (1979): each LF j has a confusion matrix P(λ_j | y); rows are independent given y. EM starts from
 * the soft majority vote (vote shares; uniform for all-abstain rows, as WRENCH), then alternates the M-step (class
 * marginals and confusion matrices from the current posteriors) and the E-step (posteriors from the log
 * likelihood, log-sum-exp normalised) until both parameter changes are below `tol`. Deterministic: no random choice.
 * Each iteration is O(votes · k + n · k + m · k²).
 *
 * @example
 * const ds = new DawidSkeneLabelModel({ cardinality: 2 });
 * ds.fit(L, { tol: 1e-5, maxIter: 1000 });
 * ds.predictProba(L); // n × 2
 */
export class DawidSkeneLabelModel extends BaseLabelModel {
  readonly type = 'dawid-skene';
  private state?: FittedDS;

  fit(L: LabelMatrix, options: DawidSkeneFitOptions = {}): void {
    this.checkLabelMatrix(L);
    const k = this.cardinality;
    const { maxIter = 10_000, tol = 1e-5, smoothing = 0, modelAbstains = true } = options;
    if (!(Number.isInteger(maxIter) && maxIter >= 1)) throw new LabelModelError(`maxIter = ${maxIter}: expected an integer >= 1`, { field: 'maxIter' });
    if (!(tol >= 0)) throw new LabelModelError(`tol = ${tol}: expected a number >= 0`, { field: 'tol' });
    if (!(smoothing >= 0 && Number.isFinite(smoothing))) throw new LabelModelError(`smoothing = ${smoothing}: expected a finite number >= 0`, { field: 'smoothing' });
    const fixedPrior = options.classBalance === undefined ? undefined : checkedBalance(options.classBalance, k);
    const votes = sparseVotes(L);
    const posteriors = majorityVoteCounts(L, k);
    normalizeRows(posteriors, k); // soft majority vote, all-abstain rows uniform (WRENCH's start)
    const m = L.m;
    const confusion = new Float64Array(m * k * (k + 1));
    const prior = new Float64Array(k);
    const oldConfusion = new Float64Array(confusion.length);
    const oldPrior = new Float64Array(k);
    const logConfusion = new Float64Array(confusion.length);
    const logPrior = new Float64Array(k);
    let iterations = 0;
    for (let iter = 0; iter < maxIter; iter++) {
      iterations = iter + 1;
      mStep(votes, posteriors, k, smoothing, modelAbstains, prior, confusion);
      if (fixedPrior) prior.set(fixedPrior);
      for (let t = 0; t < confusion.length; t++) logConfusion[t] = safeLog(confusion[t]);
      for (let y = 0; y < k; y++) logPrior[y] = safeLog(prior[y]);
      eStep(votes, k, modelAbstains, logPrior, logConfusion, posteriors);
      if (iter > 0 && sumAbsDiff(prior, oldPrior) < tol && sumAbsDiff(confusion, oldConfusion) < tol) break;
      oldPrior.set(prior);
      oldConfusion.set(confusion);
    }
    this.state = { m, modelAbstains, logPrior, logConfusion, iterations };
  }

  /** How many EM iterations the last fit ran. */
  get iterations(): number {
    return this.fitted().iterations;
  }

  /** P(λ_j = l | y) for l = -1 (abstain, index 0) .. k-1: confusion[j][y][l + 1]. */
  getConfusionMatrices(): number[][][] {
    const { m, logConfusion } = this.fitted();
    const k = this.cardinality;
    return Array.from({ length: m }, (_, j) =>
      Array.from({ length: k }, (_, y) => Array.from(logConfusion.subarray((j * k + y) * (k + 1), (j * k + y + 1) * (k + 1)), Math.exp)),
    );
  }

  predictProba(L: LabelMatrix): ProbMatrix {
    const { m, modelAbstains, logPrior, logConfusion } = this.fitted();
    checkLabelMatrix(L, this.cardinality, m);
    const k = this.cardinality;
    const out = new Float64Array(L.n * k);
    eStep(sparseVotes(L), k, modelAbstains, logPrior, logConfusion, out);
    return { n: L.n, k, data: out };
  }

  toJSON(): DawidSkeneJSON {
    const { m, modelAbstains, logPrior, logConfusion, iterations } = this.fitted();
    return {
      type: 'dawid-skene',
      cardinality: this.cardinality,
      m,
      modelAbstains,
      classBalance: Array.from(logPrior, Math.exp),
      logConfusion: Array.from(logConfusion),
      iterations,
    };
  }

  /** Restores a model written by `toJSON`. */
  static fromJSON(json: unknown): DawidSkeneLabelModel {
    const j = jsonOfType(json, 'dawid-skene');
    const model = new DawidSkeneLabelModel({ cardinality: j.cardinality });
    const k = model.cardinality;
    const m = j.m as number;
    if (!(Number.isInteger(m) && m >= 1)) throw new LabelModelError(`label model JSON field m = ${String(m)}: expected an integer >= 1`, { field: 'm' });
    const logConfusion = jsonNumbers(j, 'logConfusion', m * k * (k + 1));
    const logPrior = checkedBalance(jsonNumbers(j, 'classBalance', k), k).map(safeLog);
    model.state = { m, modelAbstains: j.modelAbstains !== false, logPrior, logConfusion, iterations: Number(j.iterations) || 0 };
    return model;
  }

  private fitted(): FittedDS {
    if (!this.state) throw new LabelModelError('the Dawid-Skene model is not fitted: call fit(L) first', {});
    return this.state;
  }
}

/** M-step: class marginals and (smoothed) confusion matrices from the posteriors T (n × k). */
function mStep(votes: SparseVotes, T: Float64Array, k: number, smoothing: number, modelAbstains: boolean, prior: Float64Array, confusion: Float64Array): void {
  const { n, m, rowStart, lf, label } = votes;
  const o = k + 1;
  confusion.fill(0);
  prior.fill(0);
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < k; y++) prior[y] += T[i * k + y];
    for (let t = rowStart[i]; t < rowStart[i + 1]; t++) {
      const base = lf[t] * k * o + label[t] + 1;
      for (let y = 0; y < k; y++) confusion[base + y * o] += T[i * k + y];
    }
  }
  for (let j = 0; j < m; j++) {
    for (let y = 0; y < k; y++) {
      const cell = (j * k + y) * o;
      let voted = 0;
      for (let l = 1; l < o; l++) voted += confusion[cell + l];
      confusion[cell] = modelAbstains ? Math.max(0, prior[y] - voted) : 0;
      const first = modelAbstains ? 0 : 1;
      let total = 0;
      for (let l = first; l < o; l++) total += confusion[cell + l] += smoothing;
      for (let l = first; l < o; l++) confusion[cell + l] = total > 0 ? confusion[cell + l] / total : 1 / (o - first);
    }
  }
  for (let y = 0; y < k; y++) prior[y] /= n;
}

/** E-step: out[i, y] ∝ P(y) Π_j P(λ_ij | y), in log space; a row impossible under every class becomes uniform. */
function eStep(votes: SparseVotes, k: number, modelAbstains: boolean, logPrior: Float64Array, logConfusion: Float64Array, out: Float64Array): void {
  const { n, m, rowStart, lf, label } = votes;
  const o = k + 1;
  // Every LF abstaining contributes Σ_j log P(abstain | y); a vote swaps its LF's abstain term for the voted label's.
  const allAbstain = new Float64Array(k);
  if (modelAbstains) for (let j = 0; j < m; j++) for (let y = 0; y < k; y++) allAbstain[y] += logConfusion[(j * k + y) * o];
  const logits = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < k; y++) logits[y] = logPrior[y] + allAbstain[y];
    for (let t = rowStart[i]; t < rowStart[i + 1]; t++) {
      const cell = lf[t] * k * o;
      for (let y = 0; y < k; y++) {
        logits[y] += logConfusion[cell + y * o + label[t] + 1] - (modelAbstains ? logConfusion[cell + y * o] : 0);
      }
    }
    softmaxInto(logits, out, i * k);
  }
}

/** log(p) floored at log(1e-300), so a zero probability stays finite and the abstain swap in the E-step stays exact. */
function safeLog(p: number): number {
  return Math.log(Math.max(p, 1e-300));
}

function sumAbsDiff(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let t = 0; t < a.length; t++) s += Math.abs(a[t] - b[t]);
  return s;
}
