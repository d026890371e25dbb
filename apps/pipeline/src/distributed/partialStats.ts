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
  /** The summed counts, in the shape of one batch's (co-votes dense, polarity as sets). */
  private readonly total: Omit<BatchStats, 'coVotes' | 'polarity'> & { coVotes: Float64Array; polarity: Set<number>[] };

  constructor(
    readonly lfNames: readonly string[],
    readonly cardinality: number,
  ) {
    const zeros = (): number[] => lfNames.map(() => 0);
    this.total = {
      rows: 0,
      covered: 0,
      overlapped: 0,
      conflicted: 0,
      coVotes: new Float64Array((lfNames.length * cardinality) ** 2),
      votes: zeros(),
      overlapVotes: zeros(),
      conflictVotes: zeros(),
      polarity: lfNames.map(() => new Set<number>()),
    };
  }

  get rows(): number {
    return this.total.rows;
  }

  /** Adds one batch's counts (integers: the sum is exact in any order). */
  add(part: BatchStats): this {
    const t = this.total;
    for (const key of ['rows', 'covered', 'overlapped', 'conflicted'] as const) t[key] += part[key];
    for (const [at, c] of part.coVotes) t.coVotes[at] += c;
    for (const key of ['votes', 'overlapVotes', 'conflictVotes'] as const) part[key].forEach((c, j) => (t[key][j] += c));
    part.polarity.forEach((labels, j) => labels.forEach((y) => t.polarity[j].add(y)));
    return this;
  }

  /** Snorkel's co-vote statistics of every row, as `new OverlapStats(m, k).add(L)` on the whole label matrix. */
  overlapStats(): OverlapStats {
    return new OverlapStats(this.lfNames.length, this.cardinality).addCounts(this.total.coVotes, this.total.rows);
  }

  /** A count over all rows as LFSummaryAccumulator divides it (0 without rows). */
  private share(c: number): number {
    return this.total.rows === 0 ? 0 : c / this.total.rows;
  }

  /** The LF summary (no gold columns), as LFSummaryAccumulator computes it on the whole label matrix. */
  lfSummary(): LFSummaryRow[] {
    const t = this.total;
    return this.lfNames.map((name, j) => ({
      j,
      name,
      polarity: [...t.polarity[j]].sort((a, b) => a - b),
      coverage: this.share(t.votes[j]),
      overlaps: this.share(t.overlapVotes[j]),
      conflicts: this.share(t.conflictVotes[j]),
    }));
  }

  /** Label coverage, overlap and conflict of all rows. */
  labelCoverage(): { coverage: number; overlap: number; conflict: number } {
    const t = this.total;
    return { coverage: this.share(t.covered), overlap: this.share(t.overlapped), conflict: this.share(t.conflicted) };
  }

  /** The merged counts as JSON (stored with the model, printed by the fit). */
  toJSON(): { rows: number; coVotes: [number, number][]; lfSummary: LFSummaryRow[]; labelCoverage: ReturnType<MergedStats['labelCoverage']> } {
    const coVotes: [number, number][] = [];
    this.total.coVotes.forEach((c, at) => {
      if (c > 0) coVotes.push([at, c]);
    });
    return { rows: this.total.rows, coVotes, lfSummary: this.lfSummary(), labelCoverage: this.labelCoverage() };
  }
}
