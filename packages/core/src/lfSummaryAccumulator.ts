// Snorkel's LF summary accumulated over label-matrix chunks: the same figures as lfAnalysis(L).lfSummary(Y) on the whole L, in O(m) memory.

import { ABSTAIN, type LabelMatrix } from './labelMatrix.ts';
import { DataError } from './errors.ts';
import type { LFSummaryRow } from './lfAnalysis.ts';

/**
 * The integer counts behind an LF summary without gold labels: what a process stores for another to merge (a
 * distributed labelling job's batches). Every figure of `lfSummary(false)` and the label coverage is one of these / n.
 */
export interface LFSummaryCounts {
  /** Rows counted. */
  rows: number;
  /** Rows with at least one vote, two votes, two differing votes. */
  covered: number;
  overlapped: number;
  conflicted: number;
  /** Per LF: votes, votes on rows with another vote, votes on rows with a differing vote, labels voted. */
  votes: number[];
  overlapVotes: number[];
  conflictVotes: number[];
  polarity: number[][];
}

/**
 * Counts, chunk by chunk, what {@link LFAnalysis} derives from a whole label matrix: per-LF votes, votes on overlapped /
 * conflicted rows, polarities and (with gold labels) correct / incorrect votes; per-row coverage, overlap and conflict.
 * Every figure is an integer count divided by n at the end, so the result equals the whole-matrix analysis exactly,
 * whatever the chunking. Accumulators of different chunks merge with `merge`.
 *
 * @example
 * const acc = new LFSummaryAccumulator(['a', 'b']);
 * acc.add(labelMatrix([[0, 0], [-1, 1]]), Int32Array.of(0, 1));
 * acc.add(labelMatrix([[1, 0]]), Int32Array.of(-1));
 * acc.lfSummary(); // equals lfAnalysis(labelMatrix([[0, 0], [-1, 1], [1, 0]]), ['a', 'b']).lfSummary([0, 1, -1])
 */
export class LFSummaryAccumulator {
  readonly m: number;
  /** Rows seen. */
  n = 0;
  /** Rows with at least one known gold label (>= 0). */
  goldRows = 0;
  private covered = 0;
  private overlapped = 0;
  private conflicted = 0;
  private readonly votes: Float64Array;
  private readonly overlapVotes: Float64Array;
  private readonly conflictVotes: Float64Array;
  /** Snorkel's empirical-accuracy score: +1 a vote equal to the gold label, -1 otherwise (unknown gold included). */
  private readonly score: Float64Array;
  private readonly correct: Int32Array;
  private readonly incorrect: Int32Array;
  private readonly polarity: Set<number>[];

  constructor(readonly lfNames: readonly string[]) {
    this.m = lfNames.length;
    this.votes = new Float64Array(this.m);
    this.overlapVotes = new Float64Array(this.m);
    this.conflictVotes = new Float64Array(this.m);
    this.score = new Float64Array(this.m);
    this.correct = new Int32Array(this.m);
    this.incorrect = new Int32Array(this.m);
    this.polarity = Array.from({ length: this.m }, () => new Set<number>());
  }

  /** Counts one chunk of rows; `gold` (one entry a row, -1 unknown) when the split has gold labels. */
  add(L: LabelMatrix, gold?: ArrayLike<number>): this {
    const { n, m, data } = L;
    if (m !== this.m) throw new DataError(`label matrix chunk has ${m} LFs, expected ${this.m}`, { field: 'L', expected: this.m, got: m });
    if (gold !== undefined && gold.length !== n)
      throw new DataError(`gold chunk has ${gold.length} labels for ${n} rows`, { field: 'gold', expected: n, got: gold.length });
    for (let i = 0; i < n; i++) {
      const row = i * m;
      let count = 0;
      let first = ABSTAIN;
      let differs = false;
      for (let j = 0; j < m; j++) {
        const v = data[row + j];
        if (v === ABSTAIN) continue;
        if (count === 0) first = v;
        else if (v !== first) differs = true;
        count++;
      }
      if (count === 0) continue;
      this.covered++;
      if (count > 1) this.overlapped++;
      if (differs) this.conflicted++;
      const y = gold === undefined ? ABSTAIN : gold[i];
      for (let j = 0; j < m; j++) {
        const v = data[row + j];
        if (v === ABSTAIN) continue;
        this.votes[j]++;
        if (count > 1) this.overlapVotes[j]++;
        if (differs) this.conflictVotes[j]++;
        this.polarity[j].add(v);
        if (gold === undefined) continue;
        this.score[j] += v === y ? 1 : -1;
        if (y === ABSTAIN) continue;
        if (v === y) this.correct[j]++;
        else this.incorrect[j]++;
      }
    }
    if (gold !== undefined) for (let i = 0; i < n; i++) if (gold[i] >= 0) this.goldRows++;
    this.n += n;
    return this;
  }

  /** Adds another accumulator's counts (same LFs) into this one. */
  merge(other: LFSummaryAccumulator): this {
    if (other.m !== this.m) throw new DataError(`cannot merge LF summaries of ${other.m} and ${this.m} LFs`, { field: 'm' });
    this.n += other.n;
    this.goldRows += other.goldRows;
    this.covered += other.covered;
    this.overlapped += other.overlapped;
    this.conflicted += other.conflicted;
    for (let j = 0; j < this.m; j++) {
      this.votes[j] += other.votes[j];
      this.overlapVotes[j] += other.overlapVotes[j];
      this.conflictVotes[j] += other.conflictVotes[j];
      this.score[j] += other.score[j];
      this.correct[j] += other.correct[j];
      this.incorrect[j] += other.incorrect[j];
      for (const v of other.polarity[j]) this.polarity[j].add(v);
    }
    return this;
  }

  /** The counts without gold labels, as integers (JSON-safe); `fromCounts` rebuilds an accumulator from them. */
  counts(): LFSummaryCounts {
    return {
      rows: this.n,
      covered: this.covered,
      overlapped: this.overlapped,
      conflicted: this.conflicted,
      votes: Array.from(this.votes),
      overlapVotes: Array.from(this.overlapVotes),
      conflictVotes: Array.from(this.conflictVotes),
      polarity: this.polarity.map((labels) => [...labels].sort((a, b) => a - b)),
    };
  }

  /**
   * An accumulator holding `counts` (another process's `counts()`): merged with `merge`, its summary equals that of
   * the rows the counts came from. No gold labels: the gold columns stay zero.
   *
   * @example
   * const acc = LFSummaryAccumulator.fromCounts(['a', 'b'], JSON.parse(JSON.stringify(other.counts())));
   * acc.lfSummary(); // equals other.lfSummary()
   */
  static fromCounts(lfNames: readonly string[], counts: LFSummaryCounts): LFSummaryAccumulator {
    const acc = new LFSummaryAccumulator(lfNames);
    const m = acc.m;
    for (const key of ['votes', 'overlapVotes', 'conflictVotes', 'polarity'] as const)
      if (counts[key].length !== m) throw new DataError(`LF summary counts have ${counts[key].length} ${key} for ${m} LFs`, { field: key, expected: m });
    acc.n = counts.rows;
    acc.covered = counts.covered;
    acc.overlapped = counts.overlapped;
    acc.conflicted = counts.conflicted;
    acc.votes.set(counts.votes);
    acc.overlapVotes.set(counts.overlapVotes);
    acc.conflictVotes.set(counts.conflictVotes);
    counts.polarity.forEach((labels, j) => {
      for (const y of labels) acc.polarity[j].add(y);
    });
    return acc;
  }

  /** Fraction of rows with at least one vote. */
  labelCoverage(): number {
    return this.fraction(this.covered);
  }

  /** Fraction of rows with at least two votes. */
  labelOverlap(): number {
    return this.fraction(this.overlapped);
  }

  /** Fraction of rows with two votes that differ. */
  labelConflict(): number {
    return this.fraction(this.conflicted);
  }

  /** The rows of `lfAnalysis(L, lfNames).lfSummary(Y)`; with `withGold` the gold columns as when Y was given. */
  lfSummary(withGold = false): LFSummaryRow[] {
    return this.lfNames.map((name, j) => ({
      j,
      name,
      polarity: [...this.polarity[j]].sort((a, b) => a - b),
      coverage: this.fraction(this.votes[j]),
      overlaps: this.fraction(this.overlapVotes[j]),
      conflicts: this.fraction(this.conflictVotes[j]),
      ...(withGold
        ? { correct: this.correct[j], incorrect: this.incorrect[j], empiricalAccuracy: this.votes[j] === 0 ? 0 : 0.5 * (this.score[j] / this.votes[j] + 1) }
        : {}),
    }));
  }

  private fraction(count: number): number {
    return this.n === 0 ? 0 : count / this.n;
  }
}
