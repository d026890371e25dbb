// Mergeable co-vote counts of (LF, label) pairs: the overlap matrix O = L_indᵀ L_ind / n, built from sparse rows in chunks.

import { LabelModelError } from '@skimmer/core';
import type { LabelMatrix } from '@skimmer/core';
import { countCoVotes } from './overlapKernel.mjs';

/**
 * Accumulates, over any number of label-matrix chunks, how often each pair of one-hot columns
 * `(lf j, label y) ↦ j·k + y` fires on the same row (snorkel's `L_indᵀ L_ind`, abstains all zeros).
 * Each block of rows is counted either pair by pair (O(nnz²) a row, for sparse votes) or with per-column bitsets
 * (popcounts, for dense votes); memory is O((mk)²) plus one block's bits, never an n × mk matrix.
 * Stats from different chunks or workers merge exactly with `merge`.
 *
 * @example
 * const stats = new OverlapStats(3, 2);
 * stats.add(labelMatrix([[0, 1, 0], [0, 1, 0]]));
 * stats.add(labelMatrix([[1, 0, 0], [0, 1, 1]]));
 * stats.toMatrix(); // 6 × 6 Float64Array, O[0] === 3 / 4
 */
export class OverlapStats {
  /** Number of one-hot columns d = m · k. */
  readonly d: number;
  /** Rows seen so far. */
  n = 0;
  /** Co-vote counts, upper triangle (row ≤ col) of the d × d matrix, row-major. */
  private readonly counts: Float64Array;

  constructor(
    readonly m: number,
    readonly cardinality: number,
  ) {
    if (!Number.isInteger(m) || m < 1) throw new LabelModelError(`OverlapStats needs m >= 1 labeling functions, got ${m}`, { m });
    if (!Number.isInteger(cardinality) || cardinality < 2) {
      throw new LabelModelError(`cardinality must be an integer >= 2, got ${cardinality}`, { cardinality });
    }
    this.d = m * cardinality;
    this.counts = new Float64Array(this.d * this.d);
  }

  /**
   * Counts the co-votes of one chunk of rows. `rowOffset` is the chunk's first row in the whole
   * label matrix, used only to name the row in errors.
   */
  add(L: LabelMatrix, rowOffset = 0): this {
    const { m, cardinality: k } = this;
    if (L.m !== m) throw new LabelModelError(`label matrix has ${L.m} LFs, expected ${m}`, { m: L.m, expected: m });
    countCoVotes(L.data, L.n, m, k, this.counts, (row, lf, label) => {
      throw invalidLabel(rowOffset + row, lf, label, k);
    });
    this.n += L.n;
    return this;
  }

  /** Adds raw upper-triangle co-vote counts of `n` rows (from a worker's `countCoVotes`). */
  addCounts(counts: Float64Array, n: number): this {
    if (counts.length !== this.counts.length) {
      throw new LabelModelError(`co-vote counts have ${counts.length} entries, expected ${this.counts.length}`, {});
    }
    for (let t = 0; t < counts.length; t++) this.counts[t] += counts[t];
    this.n += n;
    return this;
  }

  /** Adds another accumulator's counts into this one (exact: counts are integers). */
  merge(other: OverlapStats): this {
    if (other.m !== this.m || other.cardinality !== this.cardinality) {
      throw new LabelModelError(`cannot merge overlap stats for m=${other.m}, k=${other.cardinality} into m=${this.m}, k=${this.cardinality}`, {
        m: other.m,
        cardinality: other.cardinality,
      });
    }
    return this.addCounts(other.counts, other.n);
  }

  /**
   * The co-vote counts of the rows seen (integers), upper triangle (row ≤ col) of the d × d matrix, row-major, zeros
   * below: a copy, in the layout `addCounts` takes, so that counts are summed as counts rather than as fractions · n.
   */
  coVoteCounts(): Float64Array {
    return this.counts.slice();
  }

  /** The symmetric d × d matrix O = counts / n, row-major. */
  toMatrix(): Float64Array {
    const { d, n, counts } = this;
    if (n === 0) throw new LabelModelError('overlap stats are empty: add at least one row first', {});
    const O = new Float64Array(d * d);
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        const value = counts[a * d + b] / n;
        O[a * d + b] = value;
        O[b * d + a] = value;
      }
    }
    return O;
  }

  /** Fraction of rows on which each LF votes (snorkel's `lf_coverages`), from the diagonal counts. */
  coverages(): Float64Array {
    const { m, cardinality: k, d, n, counts } = this;
    const coverage = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      let votes = 0;
      for (let y = 0; y < k; y++) votes += counts[(j * k + y) * (d + 1)];
      coverage[j] = n === 0 ? 0 : votes / n;
    }
    return coverage;
  }
}

/** The error for a vote outside {-1, 0, …, k-1}, naming the row and the LF. */
export function invalidLabel(row: number, lf: number, label: number, cardinality: number): LabelModelError {
  return new LabelModelError(
    `L[${row}][${lf}] = ${label}: LF ${lf} voted a label outside -1 (abstain) .. ${cardinality - 1} (cardinality ${cardinality}) on row ${row}`,
    { row, lf, label, cardinality },
  );
}
