// SnorkelLabelModel: a port of snorkel 0.9.x's LabelModel (matrix completion over LF overlaps), without torch.

import { LabelModelError, probsToPreds, scoreMetrics } from '@skimmer/core';
import type { LabelMatrix, LabelModel, LabelModelJSON, ProbMatrix, TieBreakPolicy } from '@skimmer/core';
import { OverlapStats, invalidLabel } from '../overlaps.ts';
import { accumulateOverlaps, type AccumulateOverlapsOptions } from '../accumulateOverlaps.ts';
import { createOptimizer } from '../optim/optimizers.ts';
import { LrSchedule } from '../optim/lrSchedule.ts';
import { MuObjective, buildMask, initialMu } from './objective.ts';
import { breakColPermutationSymmetry } from './symmetry.ts';
import { binaryPosterior } from './binaryPosterior.ts';
import { NumpyRandomState } from './numpyRandomState.ts';
import { saveLabelModel } from '../saveLabelModel.ts';
import { resolveClassBalance, resolveClassBalanceOrDev, resolveTrainConfig } from './trainConfig.ts';
import type { SnorkelFitOptions } from './trainConfig.ts';

/** What `SnorkelLabelModel.toJSON()` writes. */
export interface SnorkelLabelModelJSON extends LabelModelJSON {
  readonly type: 'snorkel';
  readonly cardinality: number;
  /** Number of LFs. */
  readonly m: number;
  /** Learned μ, (m·k) × k row-major: μ[(j·k + l)·k + y] = P(λ_j = l | Y = y). */
  readonly mu: number[];
  readonly classBalance: number[];
  /** Fraction of training rows each LF voted on (for getWeights). */
  readonly coverage: number[];
}

interface FittedState {
  m: number;
  mu: Float64Array;
  p: Float64Array;
  coverage: Float64Array;
}

/**
 * Learns each LF's conditional probabilities P(λ_j | Y) from how LFs agree and disagree, without
 * labels (Ratner et al., AAAI'19), and combines the votes into probabilistic labels. Same
 * objective, initialisation, optimizers, schedules, clamping and symmetry breaking as snorkel's
 * LabelModel; the gradient is analytic and O is accumulated from sparse co-votes.
 *
 * @example
 * const model = new SnorkelLabelModel({ cardinality: 2 });
 * model.fit(L, { nEpochs: 500, lr: 0.01, seed: 123 });
 * const probs = model.predictProba(L); // n × 2
 */
export class SnorkelLabelModel implements LabelModel {
  readonly type = 'snorkel';
  readonly cardinality: number;
  private state?: FittedState;
  /** Loss after the last epoch of the last fit. */
  lastLoss = Number.NaN;

  constructor({ cardinality = 2 }: { cardinality?: number } = {}) {
    if (!Number.isInteger(cardinality) || cardinality < 2) {
      throw new LabelModelError(`cardinality must be an integer >= 2, got ${cardinality}`, { field: 'cardinality', value: cardinality });
    }
    this.cardinality = cardinality;
  }

  /** Writes the fitted model's JSON to `file`; `loadLabelModel(file)` restores it. */
  save(file: string): Promise<void> {
    return saveLabelModel(this, file);
  }

  /** Fits μ on the label matrix L (n × m, -1 = abstain); n ≥ 1 and m ≥ 3. */
  fit(L: LabelMatrix, options: SnorkelFitOptions = {}): void {
    this.checkShape(L);
    const stats = new OverlapStats(L.m, this.cardinality);
    stats.add(L);
    this.fitOverlaps(stats, options);
  }

  /**
   * The same fit as `fit(L)`, with the co-vote counting spread over worker threads (`accumulateOverlaps`) once each
   * thread has `minRowsPerThread` rows (default 4,000,000: below that a worker's start and copy cost more than it saves).
   */
  async fitParallel(L: LabelMatrix, options: SnorkelFitOptions = {}, parallel: AccumulateOverlapsOptions = {}): Promise<void> {
    this.checkShape(L);
    this.fitOverlaps(await accumulateOverlaps(L, this.cardinality, parallel), options);
  }

  /**
   * Fits from overlap statistics alone: accumulate `OverlapStats` per chunk or worker, merge them,
   * and fit here without holding L in memory. Equivalent to `fit(L)` on the concatenated rows.
   */
  fitOverlaps(stats: OverlapStats, options: SnorkelFitOptions = {}): void {
    const k = this.cardinality;
    const { m, n } = stats;
    if (stats.cardinality !== k) {
      throw new LabelModelError(`overlap stats have cardinality ${stats.cardinality}, model has ${k}`, { cardinality: stats.cardinality });
    }
    if (n === 0) throw new LabelModelError('the label matrix is empty (n = 0): fit needs at least one row', { n });
    if (m < 3) throw new LabelModelError(`the label matrix has ${m} labeling function(s): the label model needs at least 3`, { m });
    const config = resolveTrainConfig(options, m, n);
    const p = resolveClassBalanceOrDev(options.classBalance, options.Ydev, k);
    const O = stats.toMatrix();
    const muInit = initialMu(O, m, k, config.precInit, p);
    const scale = new NumpyRandomState(config.seed).random();
    const mu = muInit.map((v) => v * scale);
    const objective = new MuObjective(O, buildMask(m, k), p, muInit, config.l2, config.objective === 'sparse');
    const optimizer = createOptimizer(config.optimizer, mu.length, { ...config.optimizerConfig, weightDecay: config.l2 });
    const schedule = new LrSchedule(config.lrScheduler, config.lr, config.nEpochs, config.lrSchedulerConfig);
    const grad = new Float64Array(mu.length);
    for (let epoch = 0; epoch < config.nEpochs; epoch++) {
      const loss = objective.lossAndGrad(mu, grad);
      if (!Number.isFinite(loss)) {
        throw new LabelModelError(`loss is ${loss} at epoch ${epoch}: try a smaller learning rate (lr=${config.lr})`, {
          epoch,
          lr: config.lr,
          loss,
        });
      }
      optimizer.step(mu, grad, schedule.lr);
      this.lastLoss = loss;
      if ((epoch + 1) % config.logFreq === 0) {
        config.onProgress?.(epoch, loss);
        if (config.progressBar) process.stderr.write(`label model: epoch ${epoch + 1}/${config.nEpochs} loss ${loss.toFixed(6)}\n`);
      }
      schedule.afterEpoch(epoch);
    }
    for (let t = 0; t < mu.length; t++) mu[t] = Math.min(1 - config.muEps, Math.max(config.muEps, mu[t]));
    this.state = { m, mu: breakColPermutationSymmetry(mu, m, k, p), p, coverage: stats.coverages() };
  }

  /** The learned μ, (m·k) × k row-major (a copy). */
  getMu(): Float64Array {
    return this.fitted().mu.slice();
  }

  /**
   * cprobs[j][l][y] = P(λ_j = l − 1 | Y = y): m × (k+1) × k, row 0 the abstain probability
   * 1 − Σ_l μ (snorkel's `get_conditional_probs`).
   */
  getConditionalProbs(): number[][][] {
    const { m, mu } = this.fitted();
    const k = this.cardinality;
    const cprobs: number[][][] = [];
    for (let j = 0; j < m; j++) {
      const table: number[][] = [new Array<number>(k).fill(1)];
      for (let l = 0; l < k; l++) {
        const row: number[] = [];
        for (let y = 0; y < k; y++) {
          const v = mu[(j * k + l) * k + y];
          row.push(v);
          table[0][y] -= v;
        }
        table.push(row);
      }
      cprobs.push(table);
    }
    return cprobs;
  }

  /** Learned LF accuracies Σ_y P(λ_j = y, Y = y) / coverage_j, clipped to [1e-6, 1] (snorkel's `get_weights`). */
  getWeights(): Float64Array {
    const { m, mu, p, coverage } = this.fitted();
    const k = this.cardinality;
    const weights = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      let acc = 0;
      for (let y = 0; y < k; y++) acc += mu[(j * k + y) * k + y] * p[y];
      weights[j] = Math.min(1, Math.max(1e-6, acc / coverage[j]));
    }
    return weights;
  }

  /**
   * P(Y | λ) ∝ P(Y) · Π_{j votes} μ[λ_j, Y], abstains ignored; computed as log-sum-exp so many
   * agreeing LFs never underflow to 0/0.
   */
  predictProba(L: LabelMatrix): ProbMatrix {
    const { m, mu, p } = this.fitted();
    const k = this.cardinality;
    if (L.m !== m) throw new LabelModelError(`label matrix has ${L.m} LFs, the model was fitted on ${m}`, { m: L.m, expected: m });
    const logMu = mu.map((v) => Math.log(Math.max(v, 1e-300)));
    const logPrior = p.map(Math.log);
    if (k === 2) return binaryPosterior(L, binaryLogOdds(logMu, m), logPrior[1] - logPrior[0]);
    const out = new Float64Array(L.n * k);
    const logits = new Float64Array(k);
    const data = L.data;
    for (let i = 0; i < L.n; i++) {
      logits.set(logPrior);
      for (let j = 0; j < m; j++) {
        const vote = data[i * m + j];
        if (vote === -1) continue;
        if (vote < -1 || vote >= k) throw invalidLabel(i, j, vote, k);
        const base = (j * k + vote) * k;
        for (let y = 0; y < k; y++) logits[y] += logMu[base + y];
      }
      let max = -Infinity;
      for (let y = 0; y < k; y++) if (logits[y] > max) max = logits[y];
      let z = 0;
      for (let y = 0; y < k; y++) z += out[i * k + y] = Math.exp(logits[y] - max);
      for (let y = 0; y < k; y++) out[i * k + y] /= z;
    }
    return { n: L.n, k, data: out };
  }

  /** Hard labels from predictProba; ties follow `tieBreakPolicy` (default 'abstain' → -1). */
  predict(L: LabelMatrix, tieBreakPolicy: TieBreakPolicy = 'abstain'): Int32Array {
    return probsToPreds(this.predictProba(L), tieBreakPolicy);
  }

  /** Scores predictions against gold labels Y (gold -1 rows ignored), e.g. `{ accuracy: 0.86 }`. */
  score(L: LabelMatrix, Y: ArrayLike<number>, metrics: readonly string[] = ['accuracy'], tieBreakPolicy: TieBreakPolicy = 'abstain'): Record<string, number> {
    if (Y.length !== L.n) throw new LabelModelError(`gold labels Y has ${Y.length} entries, L has ${L.n} rows`, { n: L.n, length: Y.length });
    return scoreMetrics(Y, this.predict(L, tieBreakPolicy), metrics);
  }

  toJSON(): SnorkelLabelModelJSON {
    const { m, mu, p, coverage } = this.fitted();
    return { type: 'snorkel', cardinality: this.cardinality, m, mu: Array.from(mu), classBalance: Array.from(p), coverage: Array.from(coverage) };
  }

  /** Restores a model written by `toJSON`, checking its shape and values. */
  static fromJSON(json: unknown): SnorkelLabelModel {
    const j = json as Partial<SnorkelLabelModelJSON> | null;
    if (j?.type !== 'snorkel') throw new LabelModelError(`expected a label model JSON with type 'snorkel', got ${String(j?.type)}`, { field: 'type' });
    const model = new SnorkelLabelModel({ cardinality: j.cardinality });
    const k = model.cardinality;
    const m = j.m ?? 0;
    if (!Number.isInteger(m) || m < 3) throw new LabelModelError(`label model JSON field m = ${m}: expected an integer >= 3`, { field: 'm' });
    const mu = checkedArray(j.mu, m * k * k, 'mu', (v) => v >= 0 && v <= 1);
    const coverage = checkedArray(j.coverage, m, 'coverage', (v) => v >= 0 && v <= 1);
    model.state = { m, mu, p: resolveClassBalance(j.classBalance, k), coverage };
    return model;
  }

  private fitted(): FittedState {
    if (!this.state) throw new LabelModelError('the label model is not fitted: call fit(L) first', {});
    return this.state;
  }

  private checkShape(L: LabelMatrix): void {
    if (L.n === 0) throw new LabelModelError('the label matrix is empty (n = 0): fit needs at least one row', { n: 0 });
    if (L.m < 3) throw new LabelModelError(`the label matrix has ${L.m} labeling function(s): the label model needs at least 3`, { m: L.m });
  }
}

function checkedArray(values: unknown, length: number, field: string, valid: (v: number) => boolean): Float64Array {
  if (!Array.isArray(values) || values.length !== length) {
    throw new LabelModelError(`label model JSON field ${field}: expected an array of ${length} numbers`, { field });
  }
  const out = Float64Array.from(values as number[]);
  out.forEach((v, t) => {
    if (!(typeof values[t] === 'number' && valid(v)))
      throw new LabelModelError(`label model JSON field ${field}[${t}] = ${String(values[t])} is out of range`, { field, index: t });
  });
  return out;
}

/** Per-vote log-odds for binaryPosterior: three entries per LF indexed by vote + 1, abstain (slot 0) adds 0. */
function binaryLogOdds(logMu: ArrayLike<number>, m: number): Float64Array {
  const logOdds = new Float64Array(m * 3);
  for (let j = 0; j < m; j++) {
    for (let y = 0; y < 2; y++) logOdds[j * 3 + y + 1] = logMu[(j * 2 + y) * 2 + 1] - logMu[(j * 2 + y) * 2];
  }
  return logOdds;
}
