// The partial statistics of a labelled batch (co-vote counts behind Snorkel's overlaps O, LF summary counts) and their exact merge.

import { LFSummaryAccumulator } from '@skimmer/core';
import type { LabelMatrix, LFSummaryCounts, LFSummaryRow } from '@skimmer/core';
import { OverlapStats } from '@skimmer/labelmodel';

/** Integer counts of one batch (the LF summary's counts and the co-votes); every figure of the merged statistics is a sum of these. */
export interface BatchStats extends LFSummaryCounts {
  /** Non-zero co-vote counts of the upper triangle of the d × d count matrix (d = m·k): [row·d + col, count]. */
  coVotes: [number, number][];
}

/** The non-zero entries of a count matrix, as [index, count]. */
function nonZero(counts: Float64Array): [number, number][] {
  const entries: [number, number][] = [];
  counts.forEach((c, at) => {
    if (c > 0) entries.push([at, c]);
  });
  return entries;
}

/**
 * The counts of one batch's votes, taken from the same accumulators `pipeline run` sums chunk by chunk
 * (OverlapStats, LFSummaryAccumulator), so the merged figures equal a single process's exactly.
 *
 * @example
 * batchStats(labelMatrix([[0, -1], [1, 1]]), ['a', 'b'], 2).coVotes; // [[0, 1], [5, 1], [7, 1], [15, 1]]
 */
export function batchStats(L: LabelMatrix, lfNames: readonly string[], cardinality: number): BatchStats {
  const coVotes = nonZero(new OverlapStats(L.m, cardinality).add(L).coVoteCounts());
  return { ...new LFSummaryAccumulator(lfNames).add(L).counts(), coVotes };
}

/** The sum of batch statistics: the whole job's label-model statistics and LF summary. */
export class MergedStats {
  private readonly coVotes: Float64Array;
  private readonly summary: LFSummaryAccumulator;

  constructor(
    readonly lfNames: readonly string[],
    readonly cardinality: number,
  ) {
    this.coVotes = new Float64Array((lfNames.length * cardinality) ** 2);
    this.summary = new LFSummaryAccumulator(lfNames);
  }

  get rows(): number {
    return this.summary.n;
  }

  /** Adds one batch's counts (integers: the sum is exact in any order). */
  add(part: BatchStats): this {
    for (const [at, c] of part.coVotes) this.coVotes[at] += c;
    this.summary.merge(LFSummaryAccumulator.fromCounts(this.lfNames, part));
    return this;
  }

  /** Snorkel's co-vote statistics of every row, as `new OverlapStats(m, k).add(L)` on the whole label matrix. */
  overlapStats(): OverlapStats {
    return new OverlapStats(this.lfNames.length, this.cardinality).addCounts(this.coVotes, this.rows);
  }

  /** The LF summary (no gold columns), as LFSummaryAccumulator computes it on the whole label matrix. */
  lfSummary(): LFSummaryRow[] {
    return this.summary.lfSummary(false);
  }

  /** Label coverage, overlap and conflict of all rows. */
  labelCoverage(): { coverage: number; overlap: number; conflict: number } {
    const s = this.summary;
    return { coverage: s.labelCoverage(), overlap: s.labelOverlap(), conflict: s.labelConflict() };
  }

  /** The merged counts as JSON (stored with the model, printed by the fit). */
  toJSON(): { rows: number; coVotes: [number, number][]; lfSummary: LFSummaryRow[]; labelCoverage: ReturnType<MergedStats['labelCoverage']> } {
    return { rows: this.rows, coVotes: nonZero(this.coVotes), lfSummary: this.lfSummary(), labelCoverage: this.labelCoverage() };
  }
}
