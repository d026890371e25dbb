// FlyingSquidLabelModel: LF accuracies in closed form from triplets of agreement moments (Fu et al., ICML 2020), one-vs-rest for k > 2.

import { LabelModelError } from '@skimmer/core';
import type { LabelMatrix, LabelModelFitOptions, LabelModelJSON, ProbMatrix } from '@skimmer/core';
import { BaseLabelModel, checkLabelMatrix, jsonNumbers, jsonOfType, normalizeRows, softmaxInto } from './baseLabelModel.ts';
import { checkedBalance } from './classPrior.ts';
import { diagnoseProbs, votedRows } from './fitDiagnostics.ts';
import { sparseVotes } from './sparseVotes.ts';
import type { SparseVotes } from './sparseVotes.ts';

/** Per LF, the joint P(λ_j = s, Y = y) for s ∈ {−1, 0, +1} (index s + 1) and y ∈ {−1, +1} (index 0, 1): 6 numbers. */
const JOINT = 6;

/** What `FlyingSquidLabelModel.toJSON()` writes. */
export interface FlyingSquidJSON extends LabelModelJSON {
  readonly type: 'flyingsquid';
  readonly m: number;
  readonly classBalance: number[];
  /**
   * One binary model per task (1 for k = 2, else one per class, class c against the rest): per LF the joint
   * P(λ = s, Y = y), [(task·m + j)·6 + (s + 1)·2 + (y + 1)/2].
   */
  readonly joints: number[];
}

interface FittedFS {
  m: number;
  balance: Float64Array;
  joints: Float64Array;
}

/**
 * FlyingSquid's triplet method for conditionally independent LFs. Votes become λ ∈ {−1, +1} (abstain 0); for LFs
 * a, b, c independent given Y, E[λ_aλ_b] = E[λ_aY]·E[λ_bY], so |E[λ_aY]| = sqrt(|M_ab·M_ac / M_bc|). Each
 * accuracy is the median of that estimate over every pair (b, c) with all three moments positive (the sign is
 * resolved by assuming better-than-random LFs); the joint P(λ_j, Y) then follows in closed form from the class
 * balance, P(λ_j = 1), the abstain rate (independent of Y) and P(λ_jY = 1) = (1 + E[λ_jY] − P(λ_j = 0)) / 2,
 * negative cells flipped and renormalised as flyingsquid's `fit(flip_negative=True)`. Prediction:
 * P(Y | λ) ∝ Π_j P(λ_j, Y) / P(Y)^(m−1). For k > 2, one binary model per class (class c against the rest, prior
 * [1 − p_c, p_c]) as WRENCH does; P(class c) = P_c(+1) normalised over c. No iteration, no randomness:
 * O(votes²) moments and O(m³) triplets.
 *
 * @example
 * const fs = new FlyingSquidLabelModel({ cardinality: 2 });
 * fs.fit(L, { classBalance: [0.5, 0.5] });
 * fs.predictProba(L); // n × 2
 */
export class FlyingSquidLabelModel extends BaseLabelModel {
  readonly type = 'flyingsquid';
  private state?: FittedFS;
  private fitWarnings?: string[];

  /** Fits on L (n × m, m ≥ 3); `classBalance` defaults to uniform (flyingsquid's default). */
  fit(L: LabelMatrix, options: LabelModelFitOptions = {}): void {
    this.checkLabelMatrix(L);
    if (L.m < 3) throw new LabelModelError(`the label matrix has ${L.m} labeling function(s): the triplet method needs at least 3`, { m: L.m });
    const k = this.cardinality;
    const balance = options.classBalance === undefined ? new Float64Array(k).fill(1 / k) : checkedBalance(options.classBalance, k);
    const votes = sparseVotes(L);
    const tasks = k === 2 ? [1] : Array.from({ length: k }, (_, c) => c);
    const joints = new Float64Array(tasks.length * L.m * JOINT);
    tasks.forEach((c, task) => {
      const positive = k === 2 ? balance[1] : balance[c];
      joints.set(fitBinary(votes, c, positive), task * L.m * JOINT);
    });
    this.state = { m: L.m, balance, joints };
    this.fitWarnings = diagnoseProbs(this.predictProba(L), votedRows(L));
  }

  /** Estimated E[λ_jY] (on the ±1 scale, abstain 0) per task and LF: m numbers per binary task. */
  getAccuracies(): Float64Array {
    const { joints } = this.fitted();
    const out = new Float64Array(joints.length / JOINT);
    for (let t = 0; t < out.length; t++) {
      const q = joints.subarray(t * JOINT, (t + 1) * JOINT);
      out[t] = q[0] + q[5] - q[1] - q[4];
    }
    return out;
  }

  /**
   * Degenerate-fit warnings (`diagnoseProbs`) on the rows of the last fit, empty when sound; e.g. LFs so sparse that
   * no three vote on common rows give uniform probabilities on every row, which is said here.
   */
  get warnings(): string[] {
    return [...(this.fitWarnings ?? [])];
  }

  predictProba(L: LabelMatrix): ProbMatrix {
    const { m, balance, joints } = this.fitted();
    checkLabelMatrix(L, this.cardinality, m);
    const k = this.cardinality;
    const votes = sparseVotes(L);
    const out = new Float64Array(L.n * k);
    if (k === 2) {
      binaryPosteriors(votes, 1, joints, balance[1], out, 2, 0);
    } else {
      const positive = new Float64Array(L.n * 2);
      for (let c = 0; c < k; c++) {
        binaryPosteriors(votes, c, joints.subarray(c * m * JOINT, (c + 1) * m * JOINT), balance[c], positive, 2, 0);
        for (let i = 0; i < L.n; i++) out[i * k + c] = positive[i * 2 + 1];
      }
      normalizeRows(out, k);
    }
    return { n: L.n, k, data: out };
  }

  toJSON(): FlyingSquidJSON {
    const { m, balance, joints } = this.fitted();
    return { type: 'flyingsquid', cardinality: this.cardinality, m, classBalance: Array.from(balance), joints: Array.from(joints) };
  }

  /** Restores a model written by `toJSON`. */
  static fromJSON(json: unknown): FlyingSquidLabelModel {
    const j = jsonOfType(json, 'flyingsquid');
    const model = new FlyingSquidLabelModel({ cardinality: j.cardinality });
    const k = model.cardinality;
    const m = j.m as number;
    if (!(Number.isInteger(m) && m >= 3)) throw new LabelModelError(`label model JSON field m = ${String(m)}: expected an integer >= 3`, { field: 'm' });
    const tasks = k === 2 ? 1 : k;
    model.state = { m, balance: checkedBalance(jsonNumbers(j, 'classBalance', k), k), joints: jsonNumbers(j, 'joints', tasks * m * JOINT) };
    return model;
  }

  private fitted(): FittedFS {
    if (!this.state) throw new LabelModelError('the FlyingSquid model is not fitted: call fit(L) first', {});
    return this.state;
  }
}

/** The ±1 vote of label `v` for the binary task "is it class `positive`?". */
function sign(v: number, positive: number): number {
  return v === positive ? 1 : -1;
}

/** Fits one binary task: per LF the 6-cell joint P(λ = s, Y = y), from moments and the triplet method. */
function fitBinary(votes: SparseVotes, positiveClass: number, positivePrior: number): Float64Array {
  const { n, m, rowStart, lf, label } = votes;
  const moments = new Float64Array(m * m);
  const votedPositive = new Float64Array(m);
  const voted = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const end = rowStart[i + 1];
    for (let a = rowStart[i]; a < end; a++) {
      const sa = sign(label[a], positiveClass);
      voted[lf[a]]++;
      if (sa > 0) votedPositive[lf[a]]++;
      for (let b = a + 1; b < end; b++) {
        const prod = sa * sign(label[b], positiveClass);
        moments[lf[a] * m + lf[b]] += prod;
        moments[lf[b] * m + lf[a]] += prod;
      }
    }
  }
  for (let t = 0; t < moments.length; t++) moments[t] /= n;
  const joints = new Float64Array(m * JOINT);
  const estimates: number[] = [];
  for (let a = 0; a < m; a++) {
    estimates.length = 0;
    for (let b = 0; b < m; b++) {
      const mab = moments[a * m + b];
      if (b === a || !(mab > 0)) continue;
      for (let c = b + 1; c < m; c++) {
        const mac = moments[a * m + c];
        const mbc = moments[b * m + c];
        if (c !== a && mac > 0 && mbc > 0) estimates.push(Math.sqrt((mab * mac) / mbc));
      }
    }
    const abstain = 1 - voted[a] / n;
    const accuracy = Math.min(median(estimates), 1 - abstain);
    joints.set(solveJoint(accuracy, abstain, votedPositive[a] / n, positivePrior), a * JOINT);
  }
  return joints;
}

/** The median of the estimates; 0 (an uninformative LF) when there are none. */
function median(values: number[]): number {
  if (values.length === 0) return 0;
  values.sort((x, y) => x - y);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

/**
 * Solves flyingsquid's linear system for one LF: P(λ = s, Y = y) from E[λY] (`accuracy`), P(λ = 0), P(λ = +1) and
 * P(Y = +1); negative cells are flipped and the 6 cells renormalised.
 */
function solveJoint(accuracy: number, abstain: number, positiveVotes: number, pi: number): Float64Array {
  const voting = 1 - abstain;
  const agree = 0.5 * (1 + accuracy - abstain);
  const pp = (agree + positiveVotes + pi * voting - voting) / 2;
  // Cell order: (s, y) = (−1, −1), (−1, +1), (0, −1), (0, +1), (+1, −1), (+1, +1).
  const cells = Float64Array.of(agree - pp, pi * voting - pp, (1 - pi) * abstain, pi * abstain, positiveVotes - pp, pp).map(Math.abs);
  const total = cells.reduce((s, v) => s + v, 0);
  return cells.map((v) => v / total);
}

/** P(Y = −1 | λ), P(Y = +1 | λ) per row into out[i·stride + offset + 0/1], in log space. */
function binaryPosteriors(
  votes: SparseVotes,
  positiveClass: number,
  joints: Float64Array,
  pi: number,
  out: Float64Array,
  stride: number,
  offset: number,
): void {
  const { n, m, rowStart, lf, label } = votes;
  const logJoint = joints.map((v) => Math.log(Math.max(v, 1e-300)));
  const logPrior = [Math.log(1 - pi), Math.log(pi)];
  // All LFs abstaining, minus the (m − 1) separator terms; a vote swaps its LF's abstain cell for its vote's cell.
  const base = new Float64Array(2);
  for (let y = 0; y < 2; y++) {
    base[y] = -(m - 1) * logPrior[y];
    for (let j = 0; j < m; j++) base[y] += logJoint[j * JOINT + 2 + y];
  }
  const logits = new Float64Array(2);
  const row = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    logits.set(base);
    for (let t = rowStart[i]; t < rowStart[i + 1]; t++) {
      const cell = lf[t] * JOINT + (sign(label[t], positiveClass) + 1) * 2;
      for (let y = 0; y < 2; y++) logits[y] += logJoint[cell + y] - logJoint[lf[t] * JOINT + 2 + y];
    }
    softmaxInto(logits, row, 0);
    out[i * stride + offset] = row[0];
    out[i * stride + offset + 1] = row[1];
  }
}
