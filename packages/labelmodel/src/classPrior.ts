// MajorityClassVoter: the class-prior baseline that ignores the votes and predicts the class balance for every row.

import { LabelModelError } from '@skimmer/core';
import type { LabelMatrix, LabelModelFitOptions, LabelModelJSON, ProbMatrix } from '@skimmer/core';
import { BaseLabelModel, checkLabelMatrix, jsonNumbers, jsonOfType } from './baseLabelModel.ts';

/** What `MajorityClassVoter.toJSON()` writes. */
export interface MajorityClassVoterJSON extends LabelModelJSON {
  readonly type: 'class-prior';
  readonly classBalance: number[];
}

/**
 * Predicts P(y) for every row, whatever the LFs say: the baseline a label model has to beat. The class balance is
 * `options.classBalance` when given (e.g. from a gold dev set), else the share of each label among all non-abstain
 * votes in L (uniform when L has no votes). Its argmax is the majority class, as snorkel's MajorityClassVoter.
 *
 * @example
 * const prior = new MajorityClassVoter({ cardinality: 2 });
 * prior.fit(L, { classBalance: [0.7, 0.3] });
 * prior.predictProba(L); // every row [0.7, 0.3]
 */
export class MajorityClassVoter extends BaseLabelModel {
  readonly type = 'class-prior';
  private balance?: Float64Array;

  fit(L: LabelMatrix, options: LabelModelFitOptions = {}): void {
    this.checkLabelMatrix(L);
    this.balance = options.classBalance === undefined ? voteShares(L, this.cardinality) : checkedBalance(options.classBalance, this.cardinality);
  }

  /** The fitted class balance (a copy). */
  getClassBalance(): Float64Array {
    return this.fitted().slice();
  }

  predictProba(L: LabelMatrix): ProbMatrix {
    const balance = this.fitted();
    checkLabelMatrix(L, this.cardinality);
    const k = this.cardinality;
    const out = new Float64Array(L.n * k);
    for (let i = 0; i < L.n; i++) out.set(balance, i * k);
    return { n: L.n, k, data: out };
  }

  toJSON(): MajorityClassVoterJSON {
    return { type: 'class-prior', cardinality: this.cardinality, classBalance: Array.from(this.fitted()) };
  }

  /** Restores a voter written by `toJSON`. */
  static fromJSON(json: unknown): MajorityClassVoter {
    const j = jsonOfType(json, 'class-prior');
    const model = new MajorityClassVoter({ cardinality: j.cardinality });
    model.balance = checkedBalance(jsonNumbers(j, 'classBalance', model.cardinality), model.cardinality);
    return model;
  }

  private fitted(): Float64Array {
    if (!this.balance) throw new LabelModelError('the class-prior model is not fitted: call fit(L) first', {});
    return this.balance;
  }
}

/** The share of each label among the non-abstain votes of L; uniform when nobody voted. */
function voteShares(L: LabelMatrix, k: number): Float64Array {
  const counts = new Float64Array(k);
  let total = 0;
  for (const v of L.data) {
    if (v >= 0) {
      counts[v]++;
      total++;
    }
  }
  return counts.map((c) => (total === 0 ? 1 / k : c / total));
}

/**
 * A class balance checked for length k, non-negative finite entries and a sum of 1.
 *
 * @example
 * checkedBalance([0.5, 0.5], 2); // Float64Array [0.5, 0.5]
 */
export function checkedBalance(balance: ArrayLike<number>, k: number): Float64Array {
  const p = Float64Array.from(balance);
  if (p.length !== k) {
    throw new LabelModelError(`classBalance has ${p.length} entries: expected one per class (cardinality ${k})`, {
      field: 'classBalance',
      length: p.length,
      cardinality: k,
    });
  }
  let sum = 0;
  p.forEach((v, c) => {
    if (!(Number.isFinite(v) && v >= 0))
      throw new LabelModelError(`classBalance[${c}] = ${v}: expected a probability >= 0`, { field: 'classBalance', class: c });
    sum += v;
  });
  if (Math.abs(sum - 1) > 1e-6) throw new LabelModelError(`classBalance sums to ${sum}: expected 1`, { field: 'classBalance', sum });
  return p;
}
