// Mergeable co-vote counts of (LF, label) pairs: the overlap matrix O = L_indᵀ L_ind / n, built from sparse rows in chunks.

import { ABSTAIN, LabelModelError } from '@skimmer/core';
import type { LabelMatrix } from '@skimmer/core';

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
    const { m } = this;
    if (L.m !== m) throw new LabelModelError(`label matrix has ${L.m} LFs, expected ${m}`, { m: L.m, expected: m });
    for (let start = 0; start < L.n; start += BLOCK_ROWS) {
      const end = Math.min(L.n, start + BLOCK_ROWS);
      const { bits, words, votes } = this.blockBitsets(L, start, end, rowOffset);
      // Pick the cheaper exact method for this block: per-row pairs cost ~Σ nnz²/2 scattered increments;
      // bitsets cost d²/2 AND + popcount passes over (rows / 32) words.
      const pairWork = (votes * votes) / (end - start) / 2;
      const bitWork = (this.d * this.d * words) / 2 / BITSET_WORD_COST;
      if (bitWork < pairWork) this.addBitsetCounts(bits, words);
      else this.addBlockPairs(L, start, end);
    }
    this.n += L.n;
    return this;
  }

  /**
   * One pass over rows [start, end): validates every vote, counts the non-abstains, and sets bit (row - start) of
   * the bitset of each voted one-hot column (d bitsets of `words` 32-bit words).
   */
  private blockBitsets(L: LabelMatrix, start: number, end: number, rowOffset: number): { bits: Int32Array; words: number; votes: number } {
    const { m, cardinality: k } = this;
    const data = L.data;
    const words = Math.ceil((end - start) / 32);
    // k + 1 bitsets per LF, indexed by vote + 1: abstains land in slot 0 (never counted), so the loop has no
    // data-dependent branch. `bitsetOf` in addBitsetCounts maps a one-hot column j·k + y to its bitset j·(k+1) + y + 1.
    const bits = new Int32Array(m * (k + 1) * words);
    let abstains = 0;
    for (let i = start; i < end; i++) {
      const r = i - start;
      const word = r >>> 5;
      const bit = 1 << (r & 31);
      for (let j = 0; j < m; j++) {
        const slot = data[i * m + j] + 1;
        if (slot >>> 0 > k) throw invalidLabel(rowOffset + i, j, data[i * m + j], k);
        bits[(j * (k + 1) + slot) * words + word] |= bit;
        abstains += slot === 0 ? 1 : 0;
      }
    }
    return { bits, words, votes: (end - start) * m - abstains };
  }

  /** Counts co-votes row by row from each row's non-abstain entries: O(nnz²) per row, best for sparse rows. */
  private addBlockPairs(L: LabelMatrix, start: number, end: number): void {
    const { m, cardinality: k, d, counts } = this;
    const data = L.data;
    const cols = new Int32Array(m);
    for (let i = start; i < end; i++) {
      const base = i * m;
      let nnz = 0;
      for (let j = 0; j < m; j++) {
        const y = data[base + j];
        if (y !== ABSTAIN) cols[nnz++] = j * k + y;
      }
      for (let a = 0; a < nnz; a++) {
        const rowBase = cols[a] * d;
        for (let b = a; b < nnz; b++) counts[rowBase + cols[b]] += 1;
      }
    }
  }

  /** Adds count(a, b) = popcount(bits_a & bits_b) for every pair of one-hot columns a ≤ b: best for dense rows. */
  private addBitsetCounts(bits: Int32Array, words: number): void {
    const { d, counts, cardinality: k } = this;
    const bitsetOf = (column: number): number => (Math.floor(column / k) * (k + 1) + (column % k) + 1) * words;
    for (let a = 0; a < d; a++) {
      const aBase = bitsetOf(a);
      for (let b = a; b < d; b++) {
        const bBase = bitsetOf(b);
        let total = 0;
        for (let w = 0; w < words; w++) total += popcount32(bits[aBase + w] & bits[bBase + w]);
        counts[a * d + b] += total;
      }
    }
  }

  /** Adds another accumulator's counts into this one (exact: counts are integers). */
  merge(other: OverlapStats): this {
    if (other.m !== this.m || other.cardinality !== this.cardinality) {
      throw new LabelModelError(
        `cannot merge overlap stats for m=${other.m}, k=${other.cardinality} into m=${this.m}, k=${this.cardinality}`,
        { m: other.m, cardinality: other.cardinality },
      );
    }
    for (let t = 0; t < this.counts.length; t++) this.counts[t] += other.counts[t];
    this.n += other.n;
    return this;
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

/** Rows per block: bounds the bitsets to d × 2,048 words (800 KB at d = 100). */
const BLOCK_ROWS = 65_536;
/** Relative cost of one AND + popcount word step against one scattered increment (measured, rounded). */
const BITSET_WORD_COST = 1;

/** Number of set bits in a 32-bit integer (SWAR). */
function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** The error for a vote outside {-1, 0, …, k-1}, naming the row and the LF. */
export function invalidLabel(row: number, lf: number, label: number, cardinality: number): LabelModelError {
  return new LabelModelError(
    `L[${row}][${lf}] = ${label}: LF ${lf} voted a label outside -1 (abstain) .. ${cardinality - 1} (cardinality ${cardinality}) on row ${row}`,
    { row, lf, label, cardinality },
  );
}
