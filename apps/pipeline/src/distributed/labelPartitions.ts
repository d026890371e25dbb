// Labels a fit's partitions with the model it stored: a claimed partition's votes before the cut, read a chunk at a time, predicted and stored with the partition's mark in one transaction.

import { SkimmerError } from '@skimmer/core';
import type { LabelJobModel, LabelModel, LabelPartitionTask, LabelVoteRepository } from '@skimmer/core';
import { DEFAULT_CHUNK_ROWS } from '../data/splitSources.ts';

/** Labelling stopped mid-partition (SIGTERM, --duration): thrown inside the claim's transaction, which rolls back. */
class LabellingStopped extends SkimmerError {
  constructor(job: string, partition: number) {
    super('LABELLING_STOPPED', `labelling of partition ${partition} of job "${job}" stopped before it ended`, { job, partition });
    this.name = 'LabellingStopped';
  }
}

/**
 * The label model a fit stored, restored from its JSON. Every process that labels (the fit included) predicts with
 * the restored model, so the labels do not depend on which process labelled a partition.
 */
export async function restoreLabelModel(stored: LabelJobModel): Promise<LabelModel> {
  const { labelModelFromJSON } = await import('@skimmer/labelmodel');
  return labelModelFromJSON(stored.model);
}

export interface LabelPartitionOptions {
  /** Stops mid-partition (rolled back). */
  readonly signal?: AbortSignal;
  /** Stored rows a read (default 20,000). */
  readonly rows?: number;
  /** Called once a partition is claimed, before any of it is labelled. */
  readonly onClaim?: (task: LabelPartitionTask) => void;
}

/**
 * Claims a partition of the stored model's run that nobody has labelled or is labelling, predicts its stored votes
 * before the fit's cut (`rows` a read) and stores the labels into the run, marking the partition in the same
 * transaction. Returns the partition and its rows, or undefined when none is left to claim. When `signal` aborts
 * mid-partition the transaction rolls back (nothing of the partition is stored) and undefined is returned.
 *
 * @example
 * while (await labelNextPartition(votes, stored, await restoreLabelModel(stored), lfNames.length)) {}
 */
export async function labelNextPartition(
  votes: LabelVoteRepository,
  stored: LabelJobModel,
  model: LabelModel,
  m: number,
  { signal, rows = DEFAULT_CHUNK_ROWS, onClaim }: LabelPartitionOptions = {},
): Promise<{ partition: number; rows: number } | undefined> {
  try {
    return await votes.labelNextPartition(stored.job, stored.runId, async (task, work) => {
      onClaim?.(task);
      const before = BigInt(task.before);
      let after: { offset: string; itemId: string } | undefined;
      let labelled = 0;
      for (;;) {
        if (signal?.aborted) throw new LabellingStopped(task.job, task.partition);
        const page = await work.readVotes({ after, limit: rows });
        let n = 0;
        while (n < page.offsets.length && BigInt(page.offsets[n]) < before) n++;
        if (n > 0)
          labelled += await work.saveLabels({ itemIds: page.itemIds.slice(0, n), probs: model.predictProba({ n, m, data: page.votes.subarray(0, n * m) }) });
        if (n < rows) return labelled;
        after = { offset: page.offsets[n - 1], itemId: page.itemIds[n - 1] };
      }
    });
  } catch (error) {
    if (error instanceof LabellingStopped) return undefined;
    throw error;
  }
}
