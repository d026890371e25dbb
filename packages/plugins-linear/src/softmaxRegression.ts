// Multinomial logistic regression on sparse rows with soft targets, trained by AdaGrad: the linear classifier's engine.

import { seededRandom, shuffleInPlace } from '@skimmer/core';

/** Sparse rows in CSR form: row i's features are indices/values[offsets[i] .. offsets[i+1]). */
export interface CsrRows {
  offsets: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

export interface SoftmaxTrainingOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty applied to the weights a row touches (lazy, per update). */
  l2: number;
  seed: number;
}

/** Weights d × k (feature-major: a feature's k weights are adjacent) plus k biases. */
export interface SoftmaxWeights {
  readonly k: number;
  readonly d: number;
  readonly weights: Float32Array;
  readonly bias: Float32Array;
}

export function createSoftmaxWeights(k: number, d: number): SoftmaxWeights {
  return { k, d, weights: new Float32Array(k * d), bias: new Float32Array(k) };
}

/** Writes the class probabilities of one sparse row into `out` (length k); returns nothing. */
export function softmaxRow(model: SoftmaxWeights, indices: Int32Array, values: Float32Array, from: number, to: number, out: Float64Array): void {
  const { k, weights, bias } = model;
  for (let c = 0; c < k; c++) out[c] = bias[c];
  for (let p = from; p < to; p++) {
    const base = indices[p] * k;
    const v = values[p];
    for (let c = 0; c < k; c++) out[c] += weights[base + c] * v;
  }
  let max = -Infinity;
  for (let c = 0; c < k; c++) if (out[c] > max) max = out[c];
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp(out[c] - max);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) out[c] /= sum;
}

/**
 * Runs one epoch of AdaGrad over `rows` (in a seeded random order) on soft targets; returns the mean cross-entropy.
 * `targets` is n × k row-major; `rowWeights` (optional, length n) scales each row's gradient (0 drops it).
 */
export function trainSoftmaxEpoch(
  model: SoftmaxWeights,
  gradSq: Float32Array,
  rows: CsrRows,
  targets: Float64Array,
  order: Int32Array,
  options: SoftmaxTrainingOptions,
  epoch: number,
  rowWeights?: Float64Array,
): number {
  const { k, d, weights, bias } = model;
  const { offsets, indices, values } = rows;
  const probs = new Float64Array(k);
  const grad = new Float64Array(k);
  shuffleInPlace(order, seededRandom(options.seed + epoch * 7919));
  const lr = options.learningRate;
  const biasGradSq = gradSq.subarray(k * d);
  let loss = 0;
  for (let r = 0; r < order.length; r++) {
    const i = order[r];
    const from = offsets[i];
    const to = offsets[i + 1];
    softmaxRow(model, indices, values, from, to, probs);
    const w = rowWeights ? rowWeights[i] : 1;
    for (let c = 0; c < k; c++) {
      const y = targets[i * k + c];
      grad[c] = (probs[c] - y) * w;
      if (y > 0) loss -= w * y * Math.log(Math.max(probs[c], 1e-12));
    }
    for (let p = from; p < to; p++) {
      const base = indices[p] * k;
      const v = values[p];
      for (let c = 0; c < k; c++) {
        const j = base + c;
        const gj = grad[c] * v + options.l2 * weights[j];
        gradSq[j] += gj * gj;
        weights[j] -= (lr * gj) / Math.sqrt(gradSq[j] + 1e-8);
      }
    }
    for (let c = 0; c < k; c++) {
      biasGradSq[c] += grad[c] * grad[c];
      bias[c] -= (lr * grad[c]) / Math.sqrt(biasGradSq[c] + 1e-8);
    }
  }
  return order.length > 0 ? loss / order.length : 0;
}
