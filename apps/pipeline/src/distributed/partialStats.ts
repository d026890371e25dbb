// The partial statistics of a labelled batch (co-vote counts behind Snorkel's overlaps O, LF summary counts) and their exact merge.

import { LFSummaryAccumulator } from '@skimmer/core';
import type { LabelMatrix, LFSummaryRow } from '@skimmer/core';
import { OverlapStats } from '@skimmer/labelmodel';

/** Integer counts of one batch; every figure of the merged statistics is a sum of these. */
export interface BatchStats {
  rows: number;
  /** Non-zero co-vote counts of the upper triangle of the d × d count matrix (d = m·k): [row·d + col, count]. */
  coVotes: [number, number][];
  covered: number;
  overlapped: number;
  conflicted: number;
  /** Per LF: votes, votes on rows with another vote, votes on rows with a differing vote, labels voted. */
  votes: number[];
  overlapVotes: number[];
  conflictVotes: number[];
  polarity: number[][];
}

/** `fraction · n` back to its integer count (exact while counts stay below 2^50). */
const count = (fraction: number, n: number): number => Math.round(fraction * n);

/**
 * The counts of one batch's votes, taken from the same accumulators `pipeline run` sums chunk by chunk
 * (OverlapStats, LFSummaryAccumulator), so the merged figures equal a single process's exactly.
 *
 * @example
 * batchStats(labelMatrix([[0, -1], [1, 1]]), ['a', 'b'], 2).coVotes; // [[0, 1], [2, 1], [3, 1], [15, 1]]
 */
export function batchStats(L: LabelMatrix, lfNames: readonly string[], cardinality: number): BatchStats {
  const n = L.n;
  const overlaps = new OverlapStats(L.m, cardinality).add(L);
  const O = overlaps.toMatrix();
  const d = overlaps.d;
  const coVotes: [number, number][] = [];
  for (let a = 0; a < d; a++)
    for (let b = a; b < d; b++) {
      const c = count(O[a * d + b], n);
      if (c > 0) coVotes.push([a * d + b, c]);
    }
  const acc = new LFSummaryAccumulator(lfNames).add(L);
  const summary = acc.lfSummary(false);
  return {
    rows: n,
    coVotes,
    covered: count(acc.labelCoverage(), n),
    overlapped: count(acc.labelOverlap(), n),
    conflicted: count(acc.labelConflict(), n),
    votes: summary.map((r) => count(r.coverage, n)),
    overlapVotes: summary.map((r) => count(r.overlaps, n)),
    conflictVotes: summary.map((r) => count(r.conflicts, n)),
    polarity: summary.map((r) => r.polarity),
  };
}

/** The sum of batch statistics: the whole job's label-model statistics and LF summary. */
export class MergedStats {
  rows = 0;
  private covered = 0;
  private overlapped = 0;
  private conflicted = 0;
  private readonly counts: Float64Array;
  private readonly votes: Float64Array;
  private readonly overlapVotes: Float64Array;
  private readonly conflictVotes: Float64Array;
  private readonly polarity: Set<number>[];

  constructor(
    readonly lfNames: readonly string[],
    readonly cardinality: number,
  ) {
    const m = lfNames.length;
    const d = m * cardinality;
    this.counts = new Float64Array(d * d);
    this.votes = new Float64Array(m);
    this.overlapVotes = new Float64Array(m);
    this.conflictVotes = new Float64Array(m);
    this.polarity = Array.from({ length: m }, () => new Set<number>());
  }

  /** Adds one batch's counts (integers: the sum is exact in any order). */
  add(part: BatchStats): this {
    this.rows += part.rows;
    this.covered += part.covered;
    this.overlapped += part.overlapped;
    this.conflicted += part.conflicted;
    for (const [at, c] of part.coVotes) this.counts[at] += c;
    part.votes.forEach((v, j) => {
      this.votes[j] += v;
      this.overlapVotes[j] += part.overlapVotes[j];
      this.conflictVotes[j] += part.conflictVotes[j];
      for (const y of part.polarity[j]) this.polarity[j].add(y);
    });
    return this;
  }

  /** Snorkel's co-vote statistics of every row, as `new OverlapStats(m, k).add(L)` on the whole label matrix. */
  overlapStats(): OverlapStats {
    return new OverlapStats(this.lfNames.length, this.cardinality).addCounts(this.counts, this.rows);
  }

  private fraction(c: number): number {
    return this.rows === 0 ? 0 : c / this.rows;
  }

  /** The LF summary (no gold columns), as LFSummaryAccumulator computes it on the whole label matrix. */
  lfSummary(): LFSummaryRow[] {
    return this.lfNames.map((name, j) => ({
      j,
      name,
      polarity: [...this.polarity[j]].sort((a, b) => a - b),
      coverage: this.fraction(this.votes[j]),
      overlaps: this.fraction(this.overlapVotes[j]),
      conflicts: this.fraction(this.conflictVotes[j]),
    }));
  }

  /** Label coverage, overlap and conflict of all rows. */
  labelCoverage(): { coverage: number; overlap: number; conflict: number } {
    return { coverage: this.fraction(this.covered), overlap: this.fraction(this.overlapped), conflict: this.fraction(this.conflicted) };
  }

  /** The merged counts as JSON (stored with the model, printed by the fit). */
  toJSON(): { rows: number; coVotes: [number, number][]; lfSummary: LFSummaryRow[]; labelCoverage: ReturnType<MergedStats['labelCoverage']> } {
    const coVotes: [number, number][] = [];
    this.counts.forEach((c, at) => {
      if (c > 0) coVotes.push([at, c]);
    });
    return { rows: this.rows, coVotes, lfSummary: this.lfSummary(), labelCoverage: this.labelCoverage() };
  }
}
