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
  /**
   * Gold dev rows (`Ldev` votes, `Ydev` labels, -1 = unlabelled and skipped). When given, EM starts from the
   * confusion matrices and class balance counted on them (plus `smoothing`) instead of the majority vote, and keeps
   * those counts as a Dirichlet prior in every M-step (semi-supervised EM: the dev rows are rows whose posterior is
   * their gold label). `DevDawidSkeneLabelModel` requires them.
   */
  Ldev?: LabelMatrix;
  Ydev?: ArrayLike<number>;
  /** How many unlabelled rows one dev row weighs as in the Dirichlet prior (default 1: a dev row counts once). */
  devWeight?: number;
}

/** What `DawidSkeneLabelModel.toJSON()` writes. */
export interface DawidSkeneJSON extends LabelModelJSON {
  readonly type: 'dawid-skene' | 'dawid-skene-dev';
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
  readonly type: string = 'dawid-skene';
  private state?: FittedDS;

  fit(L: LabelMatrix, options: DawidSkeneFitOptions = {}): void {
    this.checkLabelMatrix(L);
    const k = this.cardinality;
    const { maxIter = 10_000, tol = 1e-5, smoothing = 0, modelAbstains = true } = options;
    if (!(Number.isInteger(maxIter) && maxIter >= 1)) throw new LabelModelError(`maxIter = ${maxIter}: expected an integer >= 1`, { field: 'maxIter' });
    if (!(tol >= 0)) throw new LabelModelError(`tol = ${tol}: expected a number >= 0`, { field: 'tol' });
    if (!(smoothing >= 0 && Number.isFinite(smoothing)))
      throw new LabelModelError(`smoothing = ${smoothing}: expected a finite number >= 0`, { field: 'smoothing' });
    const fixedPrior = options.classBalance === undefined ? undefined : checkedBalance(options.classBalance, k);
    const votes = sparseVotes(L);
    const m = L.m;
    const dev = this.devCounts(options, m);
    const posteriors = majorityVoteCounts(L, k);
    normalizeRows(posteriors, k); // soft majority vote, all-abstain rows uniform (WRENCH's start)
    const confusion = new Float64Array(m * k * (k + 1));
    const prior = new Float64Array(k);
    if (dev) {
      // Start from the dev set's confusion matrices: the first E-step uses them instead of the majority vote.
      const none = { n: 0, m, rowStart: new Int32Array(1), lf: new Int32Array(0), label: new Int32Array(0) };
      mStep(none, posteriors, k, smoothing, modelAbstains, prior, confusion, dev);
      eStep(votes, k, modelAbstains, logsOf(prior), logsOf(confusion), posteriors);
    }
    const oldConfusion = new Float64Array(confusion.length);
    const oldPrior = new Float64Array(k);
    const logConfusion = new Float64Array(confusion.length);
    const logPrior = new Float64Array(k);
    let iterations = 0;
    for (let iter = 0; iter < maxIter; iter++) {
      iterations = iter + 1;
      mStep(votes, posteriors, k, smoothing, modelAbstains, prior, confusion, dev);
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

  /** The dev set's counts when `Ldev` / `Ydev` are given (an error when they disagree); undefined otherwise. */
  protected devCounts(options: DawidSkeneFitOptions, m: number): DevCounts | undefined {
    const { Ldev, Ydev } = options;
    if (Ldev === undefined && Ydev === undefined) return undefined;
    if (Ldev === undefined || Ydev === undefined)
      throw new LabelModelError('Ldev and Ydev go together: pass both (the dev votes and their gold labels)', { field: Ldev ? 'Ydev' : 'Ldev' });
    checkLabelMatrix(Ldev, this.cardinality, m);
    const devWeight = options.devWeight ?? 1;
    if (!(devWeight > 0 && Number.isFinite(devWeight)))
      throw new LabelModelError(`devWeight = ${devWeight}: expected a finite number > 0`, { field: 'devWeight' });
    const counts = countDev(Ldev, Ydev, this.cardinality);
    counts.prior.forEach((c, y) => (counts.prior[y] = c * devWeight));
    counts.confusion.forEach((c, t) => (counts.confusion[t] = c * devWeight));
    return counts;
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
      type: this.type as DawidSkeneJSON['type'],
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
    return DawidSkeneLabelModel.restoreInto(json, (cardinality) => new DawidSkeneLabelModel({ cardinality }));
  }

  /** Restores the JSON of `create(cardinality)`'s type into a model it creates. */
  protected static restoreInto<T extends DawidSkeneLabelModel>(json: unknown, create: (cardinality: number) => T): T {
    const type = (json as { type?: unknown } | null)?.type === 'dawid-skene-dev' ? 'dawid-skene-dev' : 'dawid-skene';
    const j = jsonOfType(json, type);
    const model = create(j.cardinality);
    if (model.type !== type) jsonOfType(json, model.type);
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

/** Gold dev rows as counts: prior[y] rows of class y, confusion[(j·k + y)·(k+1) + l + 1] votes l of LF j on them. */
interface DevCounts {
  prior: Float64Array;
  confusion: Float64Array;
}

function countDev(Ldev: LabelMatrix, Ydev: ArrayLike<number>, k: number): DevCounts {
  if (Ydev.length !== Ldev.n)
    throw new LabelModelError(`Ydev has ${Ydev.length} labels, Ldev has ${Ldev.n} rows`, { field: 'Ydev', n: Ldev.n, length: Ydev.length });
  const { m, data } = Ldev;
  const o = k + 1;
  const prior = new Float64Array(k);
  const confusion = new Float64Array(m * k * o);
  for (let i = 0; i < Ldev.n; i++) {
    const y = Ydev[i];
    if (y === -1) continue;
    if (!(Number.isInteger(y) && y >= 0 && y < k))
      throw new LabelModelError(`Ydev[${i}] = ${y}: expected -1 (unlabelled) or a label 0..${k - 1}`, { field: 'Ydev', row: i });
    prior[y]++;
    for (let j = 0; j < m; j++) confusion[(j * k + y) * o + data[i * m + j] + 1]++;
  }
  if (prior.every((c) => c === 0)) throw new LabelModelError('Ydev has no gold labels (every entry is -1)', { field: 'Ydev' });
  return { prior, confusion };
}

function logsOf(p: Float64Array): Float64Array {
  return p.map(safeLog);
}

/** M-step: class marginals and (smoothed) confusion matrices from the posteriors T (n × k), plus the dev counts when given. */
function mStep(
  votes: SparseVotes,
  T: Float64Array,
  k: number,
  smoothing: number,
  modelAbstains: boolean,
  prior: Float64Array,
  confusion: Float64Array,
  dev?: DevCounts,
): void {
  const { n, m, rowStart, lf, label } = votes;
  const o = k + 1;
  confusion.fill(0);
  prior.fill(0);
  let rows = n;
  if (dev) {
    // Dev rows count once each in the prior; their votes (abstains included) in the confusion counts.
    for (let y = 0; y < k; y++) {
      prior[y] = dev.prior[y];
      rows += dev.prior[y];
    }
    for (let t = 0; t < confusion.length; t++) if (t % o !== 0) confusion[t] = dev.confusion[t];
  }
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
      confusion[cell] = modelAbstains ? Math.max(0, prior[y] - voted) : 0; // dev abstains included: prior holds dev rows
      const first = modelAbstains ? 0 : 1;
      let total = 0;
      for (let l = first; l < o; l++) total += confusion[cell + l] += smoothing;
      for (let l = first; l < o; l++) confusion[cell + l] = total > 0 ? confusion[cell + l] / total : 1 / (o - first);
    }
  }
  const s = dev ? smoothing : 0; // without dev rows: WRENCH's unsmoothed class marginals
  for (let y = 0; y < k; y++) prior[y] = (prior[y] + s) / (rows + k * s);
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

/**
 * Dawid-Skene started from the gold dev labels: confusion matrices and class balance are first counted on
 * (`Ldev`, `Ydev`) with `smoothing` (default 1, Laplace) as a Dirichlet prior, then refined by EM on the unlabelled
 * L with those counts kept as the prior. `fit` without `Ldev` / `Ydev` is an error. Same JSON as Dawid-Skene but
 * type 'dawid-skene-dev'.
 *
 * @example
 * const model = new DevDawidSkeneLabelModel({ cardinality: 6 });
 * model.fit(train.L, { Ldev: valid.L, Ydev: valid.labels });
 */
export class DevDawidSkeneLabelModel extends DawidSkeneLabelModel {
  override readonly type: string = 'dawid-skene-dev';

  override fit(L: LabelMatrix, options: DawidSkeneFitOptions = {}): void {
    if (options.Ldev === undefined || options.Ydev === undefined) {
      throw new LabelModelError('the dev-initialised Dawid-Skene model needs gold dev rows: fit(L, { Ldev, Ydev })', { field: options.Ldev ? 'Ydev' : 'Ldev' });
    }
    super.fit(L, { smoothing: 1, ...options });
  }

  /** Restores a model written by `toJSON`. */
  static override fromJSON(json: unknown): DevDawidSkeneLabelModel {
    return DawidSkeneLabelModel.restoreInto(json, (cardinality) => new DevDawidSkeneLabelModel({ cardinality }));
  }
}
