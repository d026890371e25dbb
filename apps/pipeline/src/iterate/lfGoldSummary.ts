// Which LFs to fix: each LF's train coverage and its empirical accuracy on the dev gold split and on the records tagged so far.

import type { LabelMatrix } from '@skimmer/core';
import type { SplitName } from '../config/pipelineConfigSchema.ts';
import type { SplitRows } from '../stages/splitRows.ts';

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

/** Per LF: votes and correct votes on gold rows of one set. */
class VoteTally {
  readonly votes: Float64Array;
  readonly correct: Float64Array;

  constructor(m: number) {
    this.votes = new Float64Array(m);
    this.correct = new Float64Array(m);
  }

  add(L: LabelMatrix, i: number, gold: number): void {
    if (gold < 0) return;
    for (let j = 0; j < L.m; j++) {
      const vote = L.data[i * L.m + j];
      if (vote < 0) continue;
      this.votes[j]++;
      if (vote === gold) this.correct[j]++;
    }
  }

  accuracy(j: number): LfGoldAccuracy {
    return { votes: this.votes[j], accuracy: this.votes[j] === 0 ? null : this.correct[j] / this.votes[j] };
  }
}

/** The summary's counts, fed chunk by chunk: train coverage and accuracy on the tagged rows, accuracy on dev gold. */
class LfGoldCounter {
  private readonly covered: Float64Array;
  private readonly tagged: VoteTally;
  private readonly dev: VoteTally;
  private trainRows = 0;

  constructor(private readonly m: number) {
    this.covered = new Float64Array(m);
    this.tagged = new VoteTally(m);
    this.dev = new VoteTally(m);
  }

  /** Train rows `rowOffset ..`; `tagged` maps train rows to their gold labels. */
  addTrain(L: LabelMatrix, rowOffset: number, tagged: ReadonlyMap<number, number>): void {
    for (let i = 0; i < L.n; i++) {
      for (let j = 0; j < L.m; j++) if (L.data[i * L.m + j] >= 0) this.covered[j]++;
      const label = tagged.get(rowOffset + i);
      if (label !== undefined) this.tagged.add(L, i, label);
    }
    this.trainRows += L.n;
  }

  addDev(L: LabelMatrix, gold: ArrayLike<number>): void {
    for (let i = 0; i < L.n; i++) this.dev.add(L, i, gold[i]);
  }

  summary(lfNames: readonly string[], devSplit: SplitName | null, threshold: number): LfGoldSummary {
    const low = (a: LfGoldAccuracy) => a.votes >= MIN_VOTES_TO_FLAG && a.accuracy !== null && a.accuracy < threshold;
    const noVotes = { votes: 0, accuracy: null };
    const lfs = lfNames.map((name, j) => {
      const dev = devSplit ? this.dev.accuracy(j) : noVotes;
      const onTagged = this.tagged.accuracy(j);
      return { name, coverage: this.trainRows === 0 ? 0 : this.covered[j] / this.trainRows, dev, tagged: onTagged, fix: low(dev) || low(onTagged) };
    });
    return { devSplit, threshold, lfs };
  }
}

/**
 * Summarises every LF against the dev gold split and the tagged records, from a run's rows on disk read chunk by
 * chunk; `fix` marks accuracies under `threshold` (on at least MIN_VOTES_TO_FLAG votes).
 *
 * @example
 * const summary = await streamedLfGoldSummary(base.lfNames, base.splits, gold.labels, 0.7);
 */
export async function streamedLfGoldSummary(
  lfNames: readonly string[],
  splits: ReadonlyMap<SplitName, SplitRows>,
  tagged: ReadonlyMap<number, number>,
  threshold: number,
): Promise<LfGoldSummary> {
  const train = splits.get('train')!;
  const devSplit = DEV_SPLITS.find((name) => (splits.get(name)?.goldRows ?? 0) > 0) ?? null;
  const counter = new LfGoldCounter(train.m);
  for await (const chunk of train.chunks()) counter.addTrain(chunk.L, chunk.rowOffset, tagged);
  if (devSplit) for await (const chunk of splits.get(devSplit)!.chunks()) counter.addDev(chunk.L, chunk.gold);
  return counter.summary(lfNames, devSplit, threshold);
}
