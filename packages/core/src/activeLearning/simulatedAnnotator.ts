// A simulated annotator: answers tagging requests from a dataset's gold labels, so active learning runs without a person.

import { ActiveLearningError } from './selectForTagging.ts';

/** Something that returns gold labels for the rows it is asked about (a person, or a simulation of one). */
export interface Annotator {
  annotate(rows: readonly number[]): Promise<Int32Array>;
}

/**
 * Reveals hidden gold labels on request and counts how many it has revealed (distinct rows).
 *
 * @example
 * const annotator = new SimulatedAnnotator(Int32Array.from([1, 0, 1]));
 * await annotator.annotate([2, 0]); // Int32Array [1, 1]
 * annotator.revealed; // 2
 */
export class SimulatedAnnotator implements Annotator {
  private readonly seen = new Set<number>();

  constructor(private readonly gold: ArrayLike<number>) {}

  /** How many distinct rows have been tagged so far. */
  get revealed(): number {
    return this.seen.size;
  }

  async annotate(rows: readonly number[]): Promise<Int32Array> {
    const labels = new Int32Array(rows.length);
    rows.forEach((row, j) => {
      if (!Number.isInteger(row) || row < 0 || row >= this.gold.length) {
        throw new ActiveLearningError(`asked to tag row ${row}, but the gold set has rows 0..${this.gold.length - 1}`, { row });
      }
      labels[j] = this.gold[row];
      this.seen.add(row);
    });
    return labels;
  }
}
