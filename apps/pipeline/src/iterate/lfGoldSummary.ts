// Which LFs to fix: each LF's train coverage and its empirical accuracy on the dev gold split and on the records tagged so far.

import type { LabelMatrix } from '@skimmer/core';
import type { SplitName } from '../config/pipelineConfigSchema.ts';
import { hasGold, type RunData } from '../data/splitData.ts';

/** Votes and accuracy of one LF on one set of gold labels. */
export interface LfGoldAccuracy {
  /** Non-abstain votes on gold rows. */
  readonly votes: number;
  /** Correct / votes; null when it never votes there. */
  readonly accuracy: number | null;
}

export interface LfGoldRow {
  readonly name: string;
  /** Fraction of train rows it votes on. */
  readonly coverage: number;
  /** On `devSplit`'s gold. */
  readonly dev: LfGoldAccuracy;
  /** On the train records tagged in the project so far. */
  readonly tagged: LfGoldAccuracy;
  /** An accuracy below the warning threshold on either set, counted only with at least MIN_VOTES_TO_FLAG votes there. */
  readonly fix: boolean;
}

export interface LfGoldSummary {
  /** dev, else valid: the gold split used to tune LFs; null when neither has gold. */
  readonly devSplit: SplitName | null;
  readonly threshold: number;
  readonly lfs: LfGoldRow[];
}

/** Fewer votes than this on a gold set say too little to flag an LF (2 of 3 right is not evidence). */
export const MIN_VOTES_TO_FLAG = 5;

/** The gold splits LFs are tuned on, in order (test is kept for the final figures). */
const DEV_SPLITS: readonly SplitName[] = ['dev', 'valid'];

function accuracyOf(L: LabelMatrix, j: number, rows: Iterable<[number, number]>): LfGoldAccuracy {
  let votes = 0;
  let correct = 0;
  for (const [row, gold] of rows) {
    const vote = L.data[row * L.m + j];
    if (vote < 0 || gold < 0) continue;
    votes++;
    if (vote === gold) correct++;
  }
  return { votes, accuracy: votes === 0 ? null : correct / votes };
}

/**
 * Summarises every LF against the dev gold split and the tagged records; `fix` marks accuracies under `threshold`
 * (on at least MIN_VOTES_TO_FLAG votes).
 *
 * @example
 * const summary = lfGoldSummary(lfNames, matrices, data, gold.labels, 0.7);
 * summary.lfs.filter((lf) => lf.fix).map((lf) => lf.name); // ['keyword_praise']
 */
export function lfGoldSummary(
  lfNames: readonly string[],
  matrices: ReadonlyMap<SplitName, LabelMatrix>,
  data: RunData,
  tagged: ReadonlyMap<number, number>,
  threshold: number,
): LfGoldSummary {
  const trainL = matrices.get('train')!;
  const devSplit = DEV_SPLITS.find((name) => matrices.has(name) && data.get(name) !== undefined && hasGold(data.get(name)!)) ?? null;
  const devL = devSplit ? matrices.get(devSplit)! : undefined;
  const devGold = devSplit ? data.get(devSplit)!.gold! : undefined;
  const devRows: Array<[number, number]> = devGold ? Array.from(devGold, (y, i) => [i, y]) : [];
  const lfs = lfNames.map((name, j) => {
    let covered = 0;
    for (let row = 0; row < trainL.n; row++) if (trainL.data[row * trainL.m + j] >= 0) covered++;
    const dev = devL ? accuracyOf(devL, j, devRows) : { votes: 0, accuracy: null };
    const onTagged = accuracyOf(trainL, j, tagged);
    const low = (a: LfGoldAccuracy) => a.votes >= MIN_VOTES_TO_FLAG && a.accuracy !== null && a.accuracy < threshold;
    return { name, coverage: trainL.n === 0 ? 0 : covered / trainL.n, dev, tagged: onTagged, fix: low(dev) || low(onTagged) };
  });
  return { devSplit, threshold, lfs };
}
