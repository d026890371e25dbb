// The LabelModel contract: every label model (majority vote, Snorkel-equivalent, Dawid-Skene, FlyingSquid) implements it.

import type { LabelMatrix, ProbMatrix } from './labelMatrix.ts';

/** How to turn tied probabilities into a prediction (see `probsToPreds`). */
export type TieBreakPolicy = 'abstain' | 'random' | 'true-random';

export interface LabelModelFitOptions {
  /** Prior P(y = c); must sum to 1. Default: model specific (uniform for the Snorkel model). */
  classBalance?: ArrayLike<number>;
  /** Seed for every random choice made while fitting. */
  seed?: number;
  /** Called with (epoch, loss) while fitting iteratively. */
  onProgress?: (epoch: number, loss: number) => void;
  /** Model-specific settings (n_epochs, lr, optimizer, ...). */
  [option: string]: unknown;
}

/** A serialisable snapshot of a fitted label model. */
export interface LabelModelJSON {
  readonly type: string;
  readonly cardinality: number;
  readonly [field: string]: unknown;
}

export interface LabelModel {
  /** Short type name, e.g. 'majority-vote', 'snorkel', 'dawid-skene', 'flyingsquid'. */
  readonly type: string;
  /** The number of classes k; labels are 0..k-1. */
  readonly cardinality: number;
  fit(L: LabelMatrix, options?: LabelModelFitOptions): void;
  /** n × k probabilities. */
  predictProba(L: LabelMatrix): ProbMatrix;
  /** Hard labels; -1 only where the tie policy abstains. Default policy: 'abstain'. */
  predict(L: LabelMatrix, tieBreakPolicy?: TieBreakPolicy): Int32Array;
  /** Scores predictions against gold labels Y (entries -1 are ignored by Snorkel's convention). */
  score(L: LabelMatrix, Y: ArrayLike<number>, metrics?: readonly string[], tieBreakPolicy?: TieBreakPolicy): Record<string, number>;
  toJSON(): LabelModelJSON;
}
