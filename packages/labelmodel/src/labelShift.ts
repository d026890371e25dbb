// Label-shift adaptation at prediction time: re-estimates the class prior on the rows being predicted by EM with the vote model fixed (Saerens et al. 2002).

import { LabelModelError } from '@skimmer/core';
import type { LabelMatrix, LabelModel, LabelModelFitOptions, LabelModelJSON, ProbMatrix } from '@skimmer/core';
import { BaseLabelModel, jsonNumbers, jsonOfType } from './baseLabelModel.ts';
import { checkedBalance } from './classPrior.ts';

/** Options of `adaptClassPrior`. */
export interface AdaptClassPriorOptions {
  /** EM iterations at most (default 1000). */
  maxIter?: number;
  /** Stop when Σ_y |Δπ_y| < tol (default 1e-8). */
  tol?: number;
}

/** The adapted posteriors, the prior estimated on the predicted rows, and how many EM iterations it took. */
export interface AdaptedProbs {
  probs: ProbMatrix;
  prior: Float64Array;
  iterations: number;
}

/**
 * Saerens, Latinne & Decaestecker, *Adjusting the Outputs of a Classifier to New a Priori Probabilities* (Neural
 * Computation 2002): `probs` are posteriors P(y | λ_i) computed with the class prior `trainPrior`; if only the prior
 * differs on these rows, P'(y | λ_i) ∝ (π_y / trainPrior_y) · P(y | λ_i), and π is found by EM: π ← mean_i P'(· | λ_i)
 * until it stops moving. The class-conditional vote model stays as fitted; only the rows' unlabelled votes are read.
 * A class with trainPrior 0 keeps probability 0.
 *
 * @example
 * adaptClassPrior({ n: 2, k: 2, data: Float64Array.of(0.9, 0.1, 0.5, 0.5) }, [0.5, 0.5]).prior; // ≈ [1, 0]: the EM drifts to class 0
 */
export function adaptClassPrior(probs: ProbMatrix, trainPrior: ArrayLike<number>, options: AdaptClassPriorOptions = {}): AdaptedProbs {
  const { n, k, data } = probs;
  const { maxIter = 1000, tol = 1e-8 } = options;
  if (trainPrior.length !== k) throw new LabelModelError(`trainPrior has ${trainPrior.length} entries: expected ${k}`, { field: 'trainPrior' });
  let priorSum = 0;
  for (let y = 0; y < k; y++) priorSum += trainPrior[y];
  const base = Float64Array.from({ length: k }, (_, y) => trainPrior[y] / priorSum);
  const prior = Float64Array.from(base);
  const next = new Float64Array(k);
  const weight = new Float64Array(k);
  const out = new Float64Array(n * k);
  let iterations = 0;
  while (iterations < maxIter && n > 0) {
    iterations++;
    for (let y = 0; y < k; y++) weight[y] = base[y] > 0 ? prior[y] / base[y] : 0;
    next.fill(0);
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let y = 0; y < k; y++) z += out[i * k + y] = data[i * k + y] * weight[y];
      for (let y = 0; y < k; y++) {
        // A row whose every class lost its weight keeps its posterior (it cannot say anything about π).
        const v = z > 0 ? out[i * k + y] / z : data[i * k + y];
        out[i * k + y] = v;
        next[y] += v;
      }
    }
    let moved = 0;
    for (let y = 0; y < k; y++) {
      next[y] /= n;
      moved += Math.abs(next[y] - prior[y]);
      prior[y] = next[y];
    }
    if (moved < tol) break;
  }
  if (n === 0) return { probs: { n, k, data: out }, prior, iterations };
  // `out` holds the posteriors under the prior before the last update; recompute them under the final one.
  for (let y = 0; y < k; y++) weight[y] = base[y] > 0 ? prior[y] / base[y] : 0;
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let y = 0; y < k; y++) z += out[i * k + y] = data[i * k + y] * weight[y];
    for (let y = 0; y < k; y++) out[i * k + y] = z > 0 ? out[i * k + y] / z : data[i * k + y];
  }
  return { probs: { n, k, data: out }, prior, iterations };
}

/**
 * The class prior a fitted model's posteriors were computed with, read from its JSON: `classBalance` (Snorkel,
 * Dawid-Skene, ds-dev, FlyingSquid, class prior) or EBCC's E_q[log τ] (normalised exp). Undefined for a model
 * without one (majority vote: its vote shares are not posteriors).
 *
 * @example
 * modelClassPrior(fittedDawidSkene); // Float64Array [0.53, 0.47]
 */
export function modelClassPrior(model: LabelModel): Float64Array | undefined {
  const json = model.toJSON() as LabelModelJSON & { classBalance?: unknown; logTau?: unknown };
  const k = model.cardinality;
  if (Array.isArray(json.classBalance)) return jsonNumbers(json as Record<string, unknown>, 'classBalance', k);
  if (Array.isArray(json.logTau)) {
    const tau = jsonNumbers(json as Record<string, unknown>, 'logTau', k).map(Math.exp);
    const sum = tau.reduce((a, b) => a + b, 0);
    return tau.map((t) => t / sum);
  }
  return undefined;
}

/** What `PriorShiftLabelModel.toJSON()` writes: the inner model's JSON and the prior its posteriors assume. */
export interface PriorShiftJSON extends LabelModelJSON {
  readonly type: 'prior-shift';
  readonly trainPrior: number[];
  readonly model: LabelModelJSON;
}

type RestoreModel = (json: unknown) => LabelModel;

/**
 * A label model whose predictions adapt to the class prior of the rows being predicted (`adaptClassPrior`): `fit`
 * fits the inner model as usual; `predictProba(L)` re-estimates the class prior on L's votes with the inner model's
 * vote model fixed (transductive: L's votes only, never its labels). For data whose class shares differ from the
 * fitted ones (label shift). The registry's `snorkel-ls`, `ds-ls`, `ebcc-ls` and `ds-dev-ls` wrap those models.
 *
 * @example
 * const model = new PriorShiftLabelModel({ inner: new DawidSkeneLabelModel({ cardinality: 2 }) });
 * model.fit(train.L);
 * model.predictProba(test.L); // posteriors under the prior estimated on test.L
 * model.lastPrior;            // that prior
 */
export class PriorShiftLabelModel extends BaseLabelModel {
  readonly type = 'prior-shift';
  readonly inner: LabelModel;
  private trainPrior?: Float64Array;
  private last?: Float64Array;

  constructor({ inner }: { inner: LabelModel }) {
    super({ cardinality: inner.cardinality });
    this.inner = inner;
  }

  fit(L: LabelMatrix, options?: LabelModelFitOptions): void {
    this.inner.fit(L, options);
    const prior = modelClassPrior(this.inner);
    if (!prior) throw new LabelModelError(`label shift: model type ${this.inner.toJSON().type} has no class prior to adapt`, { field: 'type' });
    this.trainPrior = prior;
  }

  predictProba(L: LabelMatrix): ProbMatrix {
    const trainPrior = this.fittedPrior();
    const adapted = adaptClassPrior(this.inner.predictProba(L), trainPrior);
    this.last = adapted.prior;
    return adapted.probs;
  }

  /** The class prior estimated on the rows of the last `predictProba`. */
  get lastPrior(): Float64Array | undefined {
    return this.last;
  }

  toJSON(): PriorShiftJSON {
    return { type: 'prior-shift', cardinality: this.cardinality, trainPrior: Array.from(this.fittedPrior()), model: this.inner.toJSON() };
  }

  /** Restores a model written by `toJSON`; `restore` rebuilds the inner model (the registry's `labelModelFromJSON`). */
  static fromJSON(json: unknown, restore: RestoreModel): PriorShiftLabelModel {
    const j = jsonOfType(json, 'prior-shift');
    const model = new PriorShiftLabelModel({ inner: restore(j.model) });
    model.trainPrior = checkedBalance(jsonNumbers(j, 'trainPrior', model.cardinality), model.cardinality);
    return model;
  }

  private fittedPrior(): Float64Array {
    if (!this.trainPrior) throw new LabelModelError('the label-shift model is not fitted: call fit(L) first', {});
    return this.trainPrior;
  }
}
