// The analyze stage: Snorkel's LF summary on train (coverage, overlaps, conflicts), with empirical accuracies on each gold split.

import { LFSummaryAccumulator } from '@skimmer/core';
import type { LFSummaryRow } from '@skimmer/core';
import type { SplitName } from '../config/pipelineConfigSchema.ts';
import { silentProgress, type ProgressFactory } from '../progress.ts';
import type { SplitRows } from './splitRows.ts';

/** One LF's figures in the report: train statistics plus its accuracy on the first gold split (dev, valid, test). */
export interface LFReportRow {
  readonly name: string;
  readonly polarity: number[];
  readonly coverage: number;
  readonly overlaps: number;
  readonly conflicts: number;
  /** Accuracy of its votes on `accuracySplit`'s gold labels; null when there is no gold or it never votes there. */
  readonly empiricalAccuracy: number | null;
}

export interface LFAnalysisReport {
  /** The summary the report shows: train statistics, empirical accuracy on `accuracySplit`. */
  readonly lfSummary: LFReportRow[];
  readonly accuracySplit: SplitName | null;
  /** Label coverage / overlap / conflict of train. */
  readonly train: { readonly coverage: number; readonly overlap: number; readonly conflict: number };
  /** Full Snorkel summaries of every split (with gold where known). */
  readonly bySplit: Partial<Record<SplitName, LFSummaryRow[]>>;
}

const ACCURACY_SPLITS: readonly SplitName[] = ['dev', 'valid', 'test'];

/**
 * Summarises the LFs on every split, reading each split's rows chunk by chunk (the figures equal `lfAnalysis` on the
 * whole L: integer counts divided by n).
 *
 * @example
 * const analysis = await analyzeStage(applied.lfNames, applied.splits);
 * analysis.lfSummary[0]; // { name: 'keyword_my', coverage: 0.1986…, overlaps: …, conflicts: …, empiricalAccuracy: … }
 */
export async function analyzeStage(
  lfNames: readonly string[],
  splits: ReadonlyMap<SplitName, SplitRows>,
  progress: ProgressFactory = silentProgress,
): Promise<LFAnalysisReport> {
  const bySplit: Partial<Record<SplitName, LFSummaryRow[]>> = {};
  let train: LFSummaryAccumulator | undefined;
  for (const [name, rows] of splits) {
    const withGold = rows.goldRows > 0;
    const acc = new LFSummaryAccumulator(lfNames);
    const bar = progress(`analyze ${name}`);
    try {
      for await (const chunk of rows.chunks()) {
        acc.add(chunk.L, withGold ? chunk.gold : undefined);
        bar.update(chunk.rowOffset + chunk.L.n, rows.n);
      }
    } finally {
      bar.stop();
    }
    bySplit[name] = acc.lfSummary(withGold);
    if (name === 'train') train = acc;
  }
  const accuracySplit = ACCURACY_SPLITS.find((name) => bySplit[name]?.[0]?.empiricalAccuracy !== undefined) ?? null;
  const lfSummary = bySplit.train!.map((row, j) => {
    const accuracy = accuracySplit ? bySplit[accuracySplit]![j].empiricalAccuracy : undefined;
    return {
      name: row.name,
      polarity: row.polarity,
      coverage: row.coverage,
      overlaps: row.overlaps,
      conflicts: row.conflicts,
      empiricalAccuracy: accuracy === undefined || Number.isNaN(accuracy) ? null : accuracy,
    };
  });
  return { lfSummary, accuracySplit, train: { coverage: train!.labelCoverage(), overlap: train!.labelOverlap(), conflict: train!.labelConflict() }, bySplit };
}
