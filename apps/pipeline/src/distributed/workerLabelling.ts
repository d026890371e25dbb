// A worker's share of a fit's labelling: claims partitions while the fit's run has tasks open, otherwise looks at the job's status (a cheap read) with a growing wait, and stops when the member is done.

import { setTimeout as delay } from 'node:timers/promises';
import { caughtUp } from '@skimmer/core';
import type { Bus, LabelJobModel, LabelJobStatus, LabelModel, LabelPartitionTask, LabelVoteRepository } from '@skimmer/core';
import { labelNextPartition, restoreLabelModel } from './labelPartitions.ts';

/**
 * A worker's waits between looks at the job's status: the first 200 ms after anything changed (a fit stored its model,
 * a task was labelled), doubled after each look that found nothing new, at most 2 s. A fit's model is picked up at
 * most 2 s after it is stored, and an idle member costs one small indexed query every 2 s.
 */
const FIRST_WAIT_MS = 200;
const MAX_WAIT_MS = 2_000;

const abortableWait = (ms: number, signal: AbortSignal): Promise<void> => delay(ms, undefined, { signal }).catch(() => {});

export interface WorkerLabellingOptions {
  readonly votes: LabelVoteRepository;
  readonly job: string;
  /** LFs of the job (columns of its stored votes). */
  readonly m: number;
  /** Stops the labelling; a partition being labelled then is rolled back. */
  readonly signal: AbortSignal;
  /** For a member that stops once done: whether it is, given the job's status. Without it, it runs until `signal`. */
  readonly done?: (status: LabelJobStatus | undefined) => Promise<boolean>;
  readonly onClaim?: (task: LabelPartitionTask) => void;
  readonly onLabelled?: (runId: string, labelled: { partition: number; rows: number }) => void;
  /** Waits `ms` or until `signal` aborts (default: a timer). */
  readonly wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Labels the partitions of the job's fits (those whose model lets workers label) until `done` says the member is done
 * or `signal` aborts: claims one partition at a time in the store, so members share them whatever Kafka assigned, and
 * a member that dies mid-partition leaves it, rolled back, to the next. It claims only while the fit's run has tasks
 * not labelled, reads the model (and its statistics) once a run, and otherwise reads only the job's status, waiting
 * FIRST_WAIT_MS to MAX_WAIT_MS between looks.
 */
export async function labelFitPartitions(options: WorkerLabellingOptions): Promise<void> {
  const { votes, job, m, signal, wait = abortableWait } = options;
  let restored: { stored: LabelJobModel; model: LabelModel } | undefined;
  let waitMs = FIRST_WAIT_MS;
  let seen: string | undefined;
  while (!signal.aborted) {
    const status = await votes.readStatus(job);
    if (status && status.predict !== 'fit' && status.open > 0) {
      if (restored?.stored.runId !== status.runId) {
        const stored = await votes.readModel(job);
        restored = stored && { stored, model: await restoreLabelModel(stored) };
      }
      const labelled = restored && (await labelNextPartition(votes, restored.stored, restored.model, m, { signal, onClaim: options.onClaim }));
      if (labelled && restored) {
        options.onLabelled?.(restored.stored.runId, labelled);
        waitMs = FIRST_WAIT_MS;
        continue;
      }
    }
    if (signal.aborted || (await options.done?.(status))) return;
    // Something changed since the last look (a fit's model, a task labelled or released): look again soon.
    const now = status && `${status.runId} ${status.open}`;
    if (now !== seen) {
      seen = now;
      waitMs = FIRST_WAIT_MS;
    }
    await wait(waitMs, signal);
    waitMs = Math.min(MAX_WAIT_MS, waitMs * 2);
  }
}

/** What tells a member whether it is done: the bus's end offsets and the job's stored positions. */
export interface MemberJob {
  readonly bus: Pick<Bus, 'endOffsets'>;
  readonly votes: Pick<LabelVoteRepository, 'readOffsets'>;
  readonly topic: string;
  readonly job: string;
}

/**
 * Whether a member that stops once done is done, given the job's status: the topic stored up to its end and, with
 * `untilLabelled`, a fit whose cut covers that end with no task open; otherwise no fit waiting for workers' labels
 * (none yet, one that labels alone, or every task labelled). The status is looked at first: the bus only when it allows.
 */
export async function memberDone(member: MemberJob, untilLabelled: boolean, status: LabelJobStatus | undefined): Promise<boolean> {
  if (untilLabelled ? !status || status.open > 0 : status && status.predict !== 'fit' && status.open > 0) return false;
  const end = await member.bus.endOffsets(member.topic);
  if (untilLabelled && !caughtUp(end, status!.cut)) return false;
  return caughtUp(end, await member.votes.readOffsets(member.job, member.topic));
}
