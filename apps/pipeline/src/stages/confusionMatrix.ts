// Gold × prediction counts of one model on one gold split, the report's confusion matrices (label model and classifier).

import type { SplitName } from '../config/pipelineConfigSchema.ts';
import { DataError } from '@skimmer/core';
import type { SplitMetrics } from './splitMetrics.ts';

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

  /**
   * splitMetrics of the counted pairs, from the counts alone (O(k²) memory: expanding them into rows held 2·n Int32s and
   * scoring copied them twice more, the peak of a 3M-row run). Every metric is a ratio of integer counts, and the
   * per-class F1s are summed in the order the row-by-row scorer meets the classes (cells in gold-major order), so the
   * figures are the same to the last bit.
   */
  metrics(): SplitMetrics {
    const { k } = this;
    const perClass = new Map<number, { tp: number; fp: number; fn: number }>();
    const of = (label: number) => {
      let c = perClass.get(label);
      if (!c) perClass.set(label, (c = { tp: 0, fp: 0, fn: 0 }));
      return c;
    };
    let n = 0;
    let covered = 0;
    let correct = 0;
    for (let g = 0; g < k; g++) {
      for (let p = -1; p < k; p++) {
        const count = this.counts[g * (k + 1) + p + 1];
        if (count === 0) continue;
        n += count;
        if (p < 0) continue;
        covered += count;
        if (g === p) {
          correct += count;
          of(g).tp += count;
        } else {
          of(p).fp += count;
          of(g).fn += count;
        }
      }
    }
    const f1Of = ({ tp, fp, fn }: { tp: number; fp: number; fn: number }) => (2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
    let total = 0;
    for (const c of perClass.values()) total += f1Of(c);
    const macroF1 = perClass.size === 0 ? 0 : total / perClass.size;
    const at = (g: number, p: number) => this.counts[g * (k + 1) + p + 1];
    const f1 = k === 2 ? f1Of({ tp: at(1, 1), fp: at(0, 1), fn: at(1, 0) }) : macroF1;
    if (n === 0) throw new DataError('cannot score empty gold labels', { field: 'golds' });
    return { accuracy: correct / covered, f1, macroF1, coverage: covered / n, n };
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
