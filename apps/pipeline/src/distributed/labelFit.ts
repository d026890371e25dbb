// The fit of a distributed labelling job: waits for the workers, merges their statistics, fits the label model once, and sees every partition labelled (by the workers, itself, or both).

import path from 'node:path';
import { caughtUp, ConfigError, DataError, SkimmerError } from '@skimmer/core';
import type { LabelJobModel, LabelModel, LabelPredictMode } from '@skimmer/core';
import type { OverlapStats } from '@skimmer/labelmodel';
import { redactSecrets } from '../config/redactSecrets.ts';
import { keptLabelRuns, pruneLabelOutputs } from '../labelRetention.ts';
import { newRunId } from '../runId.ts';
import { createLabelModelOfType } from '../labelModels/createLabelModelOfType.ts';
import { DEFAULT_SEED } from '../stages/buildLabelingFunctions.ts';
import type { LabelJob } from './labelJob.ts';
import { labelNextPartition, restoreLabelModel } from './labelPartitions.ts';
import { MergedStats, type BatchStats } from './partialStats.ts';

/** The workers did not store the topic, or label the fit's partitions, in time (exit 1). */
export class LabelWaitTimeout extends SkimmerError {
  constructor(message: string, context: { job: string; topic?: string; runId?: string }) {
    super('LABEL_WAIT_TIMEOUT', message, context);
    this.name = 'LabelWaitTimeout';
  }
}

const seconds = (ms: number): number => Math.round(ms / 1000);

export interface FitResult {
  runId: string;
  model: string;
  /** Rows labelled (probabilistic labels stored). */
  labelled: number;
  statistics: ReturnType<MergedStats['toJSON']>;
}

type OverlapFitter = LabelModel & { fitOverlaps(stats: OverlapStats, options: object): void };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Next offset per partition: where the fit cuts the job (rows before it are fitted and labelled, later ones are not). */
type Cut = ReadonlyMap<number, bigint>;

/** Rejects with `error()` once `ms` have passed, unless `work` settles first. */
async function within<T>(work: Promise<T>, ms: number, error: () => Error): Promise<T> {
  work.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), Math.max(0, ms));
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Takes the topic's end offsets once, waits until the workers have stored every partition up to them, and returns the
 * stored positions then: a consistent cut, so a topic that keeps growing (a live ingest) does not move the fit's rows.
 * Throws LabelWaitTimeout after `waitMs` (the client retries a topic that does not exist yet for a long while: the
 * deadline bounds that look too).
 */
async function waitForWorkers(job: LabelJob, waitMs: number, signal: AbortSignal): Promise<Cut> {
  const started = Date.now();
  const timeout = (): LabelWaitTimeout =>
    new LabelWaitTimeout(
      `the workers of job "${job.job}" did not store ${job.topic} up to its end within ${seconds(Date.now() - started)} s: start more workers or wait longer (--duration)`,
      { job: job.job, topic: job.topic },
    );
  const end = await within(job.bus.endOffsets(job.topic), waitMs, timeout);
  for (;;) {
    const stored = await job.votes.readOffsets(job.job, job.topic);
    if (caughtUp(end, stored)) return new Map(stored.map((s) => [s.partition, BigInt(s.nextOffset)]));
    if (signal.aborted || Date.now() - started > waitMs) throw timeout();
    await sleep(200);
  }
}

/**
 * Sees every partition of the fit's run labelled: unless only the workers label (`workers`), claims and labels
 * partitions itself until none is left to claim, then waits for those other processes are labelling (one that dies
 * releases its partition, which is claimed again). Returns the rows labelled; LabelWaitTimeout at `deadline`.
 */
async function labelEveryPartition(job: LabelJob, stored: LabelJobModel, m: number, deadline: number, signal: AbortSignal): Promise<number> {
  const model = stored.predict === 'workers' ? undefined : await restoreLabelModel(stored);
  for (;;) {
    if (model && (await labelNextPartition(job.votes, stored, model, m, { signal }))) continue;
    const states = await job.votes.partitionStates(job.job, stored.runId);
    const pending = states.filter((p) => p.rows === null).map((p) => p.partition);
    if (pending.length === 0) return states.reduce((sum, p) => sum + (p.rows ?? 0), 0);
    if (signal.aborted || Date.now() > deadline)
      throw new LabelWaitTimeout(
        `the workers of job "${job.job}" did not label partition(s) ${pending.join(', ')} of run ${stored.runId} in time (--duration): ` +
          'start a worker (--role worker), or let the fit label them (--predict both or fit)',
        { job: job.job, runId: stored.runId },
      );
    await sleep(200);
  }
}

/**
 * Merges the statistics every worker stored, fits the config's (first) label model once from them, stores it with
 * one labelling task per partition, and waits until the workers (and, unless `predict` is `workers`, this process)
 * have labelled every partition into the run's probabilistic labels. `waitMs` bounds both waits together.
 */
export async function runLabelFit(
  job: LabelJob,
  lfNames: readonly string[],
  options: { waitMs: number; keepLabels: boolean; predict: LabelPredictMode; signal: AbortSignal },
): Promise<FitResult> {
  const { loaded, store, votes } = job;
  const { config } = loaded;
  const k = config.labels.length;
  const entry = loaded.labelModels[0];
  const model = await createLabelModelOfType(entry.type, k);
  const fitsFromStats = typeof (model as Partial<OverlapFitter>).fitOverlaps === 'function';
  if (!fitsFromStats && model.type !== 'majority-vote')
    throw new ConfigError(
      'labelModel',
      `"${entry.type}" fits on the whole label matrix, which no process of a distributed job holds (each worker stores its own rows); ` +
        'the fit fits from the statistics the workers merged: use snorkel (fitted from the merged overlaps) or mv (nothing to fit)',
      { file: loaded.file },
    );
  job.logger.info({ job: job.job, topic: job.topic, waitMs: options.waitMs }, 'label fit waiting for the workers');
  const deadline = Date.now() + options.waitMs;
  const cut = await waitForWorkers(job, options.waitMs, options.signal);
  const merged = new MergedStats(lfNames, k);
  // The partitions holding votes before the cut, in partition order (readStats' order): one labelling task each.
  const partitions = new Set<number>();
  for (const part of await votes.readStats(job.job))
    if (BigInt(part.lastOffset) < (cut.get(part.partition) ?? 0n)) {
      merged.add(part.stats as unknown as BatchStats);
      partitions.add(part.partition);
    }
  const fitOptions: Record<string, unknown> = { seed: config.seed ?? DEFAULT_SEED, ...entry.options };
  const runId = newRunId();
  await store.runs.create({
    id: runId,
    config: { file: path.resolve(loaded.file), stages: ['label'], labelJob: job.job, topic: job.topic, ...(redactSecrets(config, loaded.raw) as object) },
  });
  try {
    if (merged.rows === 0)
      throw new DataError(`job "${job.job}" has no stored votes: publish points to ${job.topic} and run workers first`, { record: job.job });
    if (fitsFromStats) (model as OverlapFitter).fitOverlaps(merged.overlapStats(), fitOptions);
    job.logger.info({ job: job.job, rows: merged.rows, model: entry.type, runId }, 'label model fitted from the merged statistics');
    const statistics = merged.toJSON();
    const stored: LabelJobModel = {
      job: job.job,
      runId,
      modelType: entry.type,
      model: model.toJSON(),
      stats: statistics as unknown as Record<string, unknown>,
      predict: options.predict,
      cut: [...cut].map(([partition, next]) => ({ partition, nextOffset: String(next) })),
    };
    await votes.saveModel(stored, [...partitions]);
    job.logger.info({ job: job.job, runId, partitions: partitions.size, predict: options.predict }, 'label fit waiting for the partitions to be labelled');
    const labelled = await labelEveryPartition(job, stored, lfNames.length, deadline, options.signal);
    await store.runs.finish(runId, {
      status: 'succeeded',
      metrics: { rows: merged.rows, labelCoverage: statistics.labelCoverage, lfSummary: statistics.lfSummary },
      artifacts: { labelOutputs: runId, labelJob: job.job },
    });
    // As a `pipeline label` run's: the labels replace those of the dataset's earlier runs unless asked to keep them.
    await pruneLabelOutputs(store, config, keptLabelRuns(config, options.keepLabels), job.logger);
    return { runId, model: entry.name ?? entry.type, labelled, statistics };
  } catch (error) {
    // No process labels the failed run's partitions any more; what was labelled goes with the run's labels.
    await votes.dropPendingPartitions(job.job, runId).catch(() => {});
    await store.labelOutputs.deleteRuns([runId]).catch(() => {});
    await store.runs.finish(runId, { status: 'failed', metrics: { error: String((error as Error).message) } }).catch(() => {});
    throw error;
  }
}
