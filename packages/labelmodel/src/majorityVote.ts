// MajorityLabelVoter: each row's probabilities spread evenly over the labels with the most votes (snorkel's MajorityLabelVoter).

import type { LabelMatrix, LabelModelFitOptions, LabelModelJSON, ProbMatrix } from '@skimmer/core';
import { BaseLabelModel, checkLabelMatrix, jsonOfType } from './baseLabelModel.ts';

/**
 * Majority vote over the non-abstaining LFs. Per row, each label's vote count; the labels with the highest count
 * share the probability equally, so a row where every LF abstains is a uniform tie. Nothing is learned: `fit` only
 * checks L. With tie policy 'random', `predict` breaks ties exactly as Snorkel does.
 *
 * @example
 * const mv = new MajorityLabelVoter({ cardinality: 2 });
 * mv.predictProba(labelMatrix([[0, 0, -1], [-1, 0, 1], [1, -1, 0]])); // [[1, 0], [0.5, 0.5], [0.5, 0.5]]
 */
export class MajorityLabelVoter extends BaseLabelModel {
  readonly type = 'majority-vote';

  /** Checks L (labels in -1..k-1); majority vote has no parameters to learn. */
  fit(L: LabelMatrix, _options: LabelModelFitOptions = {}): void {
    this.checkLabelMatrix(L);
  }

  predictProba(L: LabelMatrix): ProbMatrix {
    checkLabelMatrix(L, this.cardinality);
    return majorityVoteProbs(L, this.cardinality);
  }

  toJSON(): LabelModelJSON {
    return { type: this.type, cardinality: this.cardinality };
  }

  /** Restores a voter written by `toJSON`. */
  static fromJSON(json: unknown): MajorityLabelVoter {
    return new MajorityLabelVoter({ cardinality: jsonOfType(json, 'majority-vote').cardinality });
  }
}

/**
 * The majority-vote probabilities of L (labels must already be checked): one O(n·m) pass.
 *
 * @example
 * majorityVoteProbs(labelMatrix([[1, 1, 0]]), 2).data; // Float64Array [0, 1]
 */
export function majorityVoteProbs(L: LabelMatrix, k: number): ProbMatrix {
  const out = majorityVoteCounts(L, k);
  for (let row = 0; row < out.length; row += k) {
    let max = 0;
    for (let c = 0; c < k; c++) if (out[row + c] > max) max = out[row + c];
    let tied = 0;
    for (let c = 0; c < k; c++) if (out[row + c] === max) tied++;
    for (let c = 0; c < k; c++) out[row + c] = out[row + c] === max ? 1 / tied : 0;
  }
  return { n: L.n, k, data: out };
}

/**
 * How many LFs voted each label on each row, n × k row-major (labels must already be checked).
 *
 * @example
 * majorityVoteCounts(labelMatrix([[1, 1, 0, -1]]), 2); // Float64Array [1, 2]
 */
export function majorityVoteCounts(L: LabelMatrix, k: number): Float64Array {
  const { n, m, data } = L;
  const counts = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const v = data[i * m + j];
      if (v >= 0) counts[i * k + v]++;
    }
  }
  return counts;
}
