// Gold × prediction counts of one model on one gold split, the report's confusion matrices (label model and classifier).

import type { SplitName } from '../config/pipelineConfigSchema.ts';
import { splitMetrics, type SplitMetrics } from './splitMetrics.ts';

/** `counts[gold][predicted]` over the rows with a known gold label; `abstained[gold]`: rows of that class with no prediction. */
export interface ConfusionMatrix {
  readonly counts: number[][];
  readonly abstained: number[];
}

/** A model's confusion matrix on each gold split it was scored on. */
export type SplitConfusion = Partial<Record<SplitName, ConfusionMatrix>>;

/**
 * Counts gold × prediction pairs chunk by chunk: row = gold class, column = prediction + 1 (0 = abstain).
 *
 * @example
 * const c = new ConfusionCounts(2);
 * c.add(Int32Array.from([1, 0, -1]), Int32Array.from([1, 1, 0]));
 * c.matrix(); // { counts: [[0, 1], [0, 1]], abstained: [0, 0] }
 */
export class ConfusionCounts {
  readonly counts: Float64Array;
  constructor(readonly k: number) {
    this.counts = new Float64Array(k * (k + 1));
  }

  add(gold: ArrayLike<number>, preds: ArrayLike<number>): void {
    for (let i = 0; i < gold.length; i++) if (gold[i] >= 0) this.counts[gold[i] * (this.k + 1) + preds[i] + 1]++;
  }

  matrix(): ConfusionMatrix {
    const row = (g: number) => Array.from(this.counts.subarray(g * (this.k + 1), (g + 1) * (this.k + 1)));
    return {
      counts: Array.from({ length: this.k }, (_, g) => row(g).slice(1)),
      abstained: Array.from({ length: this.k }, (_, g) => row(g)[0]),
    };
  }

  /** splitMetrics of the counted pairs: every metric is a function of the pair counts, not of the row order. */
  metrics(): SplitMetrics {
    let n = 0;
    for (const c of this.counts) n += c;
    const gold = new Int32Array(n);
    const preds = new Int32Array(n);
    let at = 0;
    this.counts.forEach((count, cell) => {
      gold.fill(Math.floor(cell / (this.k + 1)), at, at + count);
      preds.fill((cell % (this.k + 1)) - 1, at, at + count);
      at += count;
    });
    return splitMetrics(gold, preds, this.k);
  }
}

/**
 * The confusion matrix of whole arrays of gold labels (-1 = unknown, skipped) and predictions (-1 = abstained).
 *
 * @example
 * confusionMatrix([0, 1, 1], [0, 0, 1], 2); // { counts: [[1, 0], [1, 1]], abstained: [0, 0] }
 */
export function confusionMatrix(gold: ArrayLike<number>, preds: ArrayLike<number>, k: number): ConfusionMatrix {
  const counts = new ConfusionCounts(k);
  counts.add(gold, preds);
  return counts.matrix();
}
