// RandomVoter: snorkel's random baseline, uniform random numbers per row normalised to probabilities.

import type { LabelMatrix, LabelModelFitOptions, LabelModelJSON, ProbMatrix } from '@skimmer/core';
import { BaseLabelModel, checkLabelMatrix, jsonOfType } from './baseLabelModel.ts';
import { NumpyRandomState } from './snorkel/numpyRandomState.ts';

/** What `RandomVoter.toJSON()` writes. */
export interface RandomVoterJSON extends LabelModelJSON {
  readonly type: 'random';
  readonly seed: number;
}

/**
 * Snorkel's `RandomVoter`: `predict_proba` draws `np.random.rand(n, k)` and normalises each row, ignoring the votes.
 * The numbers are numpy's after `np.random.seed(seed)` (fit option `seed`, default 123), drawn afresh from that seed
 * on every call, so a seed always gives the same probabilities.
 *
 * @example
 * const voter = new RandomVoter({ cardinality: 2 });
 * voter.fit(L, { seed: 123 });
 * voter.predictProba(L); // row 0: [0.6964691855978616, 0.28613933495037946] / their sum
 */
export class RandomVoter extends BaseLabelModel {
  readonly type = 'random';
  private seed = 123;

  fit(L: LabelMatrix, options: LabelModelFitOptions = {}): void {
    this.checkLabelMatrix(L);
    this.seed = options.seed ?? 123;
  }

  predictProba(L: LabelMatrix): ProbMatrix {
    checkLabelMatrix(L, this.cardinality);
    const k = this.cardinality;
    const rng = new NumpyRandomState(this.seed);
    const data = new Float64Array(L.n * k);
    for (let i = 0; i < L.n; i++) {
      let sum = 0;
      for (let c = 0; c < k; c++) sum += data[i * k + c] = rng.random();
      for (let c = 0; c < k; c++) data[i * k + c] /= sum;
    }
    return { n: L.n, k, data };
  }

  toJSON(): RandomVoterJSON {
    return { type: 'random', cardinality: this.cardinality, seed: this.seed };
  }

  static fromJSON(json: unknown): RandomVoter {
    const j = jsonOfType(json, 'random');
    const voter = new RandomVoter({ cardinality: j.cardinality });
    voter.seed = Number.isInteger(j.seed) ? (j.seed as number) : 123;
    return voter;
  }
}
