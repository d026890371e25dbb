// The distribution of a run's probabilistic labels on train: a histogram of each row's top probability and the predicted-class counts.

import { probsToPredsAt } from '@skimmer/core';
import type { LabelMatrix, ProbMatrix, TieBreakPolicy } from '@skimmer/core';

/** Bins of the top-probability histogram: [0, 0.1), [0.1, 0.2), …, [0.9, 1]. */
export const MAX_PROBABILITY_BINS = 10;

/** `report.json`'s `labelDistribution`: the first label model's labels of the train rows some LF voted on. */
export interface LabelDistribution {
  readonly split: 'train';
  /** Train rows. */
  readonly rows: number;
  /** Of those, rows with at least one LF vote: the rows counted below (the others carry only the class prior). */
  readonly covered: number;
  /** Rows whose top probability falls in bin b = [b / 10, (b + 1) / 10) (the last bin includes 1). */
  readonly maxProbability: number[];
  /** Rows predicted as each class (the run's tie-break policy), in label order. */
  readonly predicted: number[];
  /** Rows left without a prediction (a tie under the 'abstain' policy). */
  readonly abstained: number;
}

/**
 * Counts the probabilistic labels chunk by chunk, as the fit stage predicts them.
 *
 * @example
 * const counter = new LabelDistributionCounter(2, 'random');
 * counter.add(chunk.L, probs, chunk.rowOffset);
 * counter.result(); // { split: 'train', rows: 3, covered: 2, maxProbability: [0, 0, 0, 0, 0, 0, 0, 1, 0, 1], predicted: [1, 1], abstained: 0 }
 */
export class LabelDistributionCounter {
  #rows = 0;
  #covered = 0;
  readonly #maxProbability = new Array<number>(MAX_PROBABILITY_BINS).fill(0);
  readonly #predicted: number[];
  #abstained = 0;

  constructor(
    readonly k: number,
    readonly tieBreakPolicy: TieBreakPolicy,
  ) {
    this.#predicted = new Array<number>(k).fill(0);
  }

  add(L: LabelMatrix, probs: ProbMatrix, rowOffset: number): void {
    const preds = probsToPredsAt(probs, this.tieBreakPolicy, rowOffset);
    this.#rows += L.n;
    for (let i = 0; i < L.n; i++) {
      let voted = false;
      for (let j = 0; j < L.m && !voted; j++) voted = L.data[i * L.m + j] >= 0;
      if (!voted) continue;
      this.#covered++;
      let top = 0;
      for (let c = 0; c < this.k; c++) top = Math.max(top, probs.data[i * this.k + c]);
      this.#maxProbability[Math.min(MAX_PROBABILITY_BINS - 1, Math.floor(top * MAX_PROBABILITY_BINS))]++;
      if (preds[i] >= 0) this.#predicted[preds[i]]++;
      else this.#abstained++;
    }
  }

  result(): LabelDistribution {
    return {
      split: 'train',
      rows: this.#rows,
      covered: this.#covered,
      maxProbability: [...this.#maxProbability],
      predicted: [...this.#predicted],
      abstained: this.#abstained,
    };
  }
}
