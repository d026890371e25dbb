// A worker of a distributed labelling job: consumes its partitions, applies the LFs, stores each batch's votes and partial statistics with the offsets; labels partitions once a fit has stored its model.

import { applyLabelingFunctions, caughtUp, runConsumer, untilAborted, writeBatchWithRetries } from '@skimmer/core';
import type { ConsumedBatch, LabelingFunction, LabelJobModel, LabelMatrix, LabelModel, LabelVoteRow } from '@skimmer/core';
import type { LabelJob } from './labelJob.ts';
import { labelNextPartition, restoreLabelModel } from './labelPartitions.ts';
import { batchStats } from './partialStats.ts';
import { recordPoints } from './pointRecords.ts';

export interface WorkerSettings {
  readonly lfs: readonly LabelingFunction[];
  readonly batchSize: number;
  /** Partitions of the topic when this worker is the first to need it. */
  readonly partitions: number;
  /** Stop once the topic is stored to its end and no partition of the job's fit waits for labels. */
  readonly untilCaughtUp: boolean;
  /** Stop once the topic is stored to its end and a fit covering it has labelled every partition. */
  readonly untilLabelled: boolean;
  readonly durationMs?: number;
  readonly signal: AbortSignal;
}

export interface WorkerStats {
  /** Records consumed (redeliveries included). */
  consumed: number;
  /** Rows whose votes this worker stored. */
  stored: number;
  /** Rows of redelivered records another delivery had stored already. */
  redelivered: number;
  /** Records that were neither a published point nor a post. */
  skipped: number;
  /** Partitions of a fit this worker labelled, and their rows. */
  partitionsLabelled: number;
  labelled: number;
}

/** A progress line at most this often. */
const PROGRESS_EVERY_MS = 5_000;

/** How often a worker looks for a fitted model with partitions to label, and whether it is done. */
const POLL_MS = 200;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The votes of `rows` as one label matrix. */
function matrixOf(rows: readonly LabelVoteRow[], m: number): LabelMatrix {
  const data = new Int32Array(rows.length * m);
  rows.forEach((row, i) => data.set(row.votes, i * m));
  return { n: rows.length, m, data };
}

/**
 * Labels the partitions of the job's fits (those whose model lets workers label) until `stop` aborts: claims one
 * partition at a time in the store, so members share them whatever Kafka assigned, and a member that dies
 * mid-partition leaves it, rolled back, to the next.
 */
async function labelPartitions(job: LabelJob, m: number, stats: WorkerStats, stop: AbortSignal): Promise<void> {
  let restored: { runId: string; model: LabelModel } | undefined;
  while (!stop.aborted) {
    const stored = await job.votes.readModel(job.job);
    if (stored && stored.predict !== 'fit') {
      if (restored?.runId !== stored.runId) restored = { runId: stored.runId, model: await restoreLabelModel(stored) };
      const done = await labelNextPartition(job.votes, stored, restored.model, m, {
        signal: stop,
        onClaim: (task) => job.logger.debug({ runId: task.runId, partition: task.partition }, 'label worker labelling a partition'),
      });
      if (done) {
        stats.partitionsLabelled++;
        stats.labelled += done.rows;
        job.logger.info({ runId: stored.runId, ...done }, 'label worker labelled a partition');
        continue;
      }
    }
    await sleep(POLL_MS);
  }
}

/** True when every partition of the fit's run is labelled, or the fit labels them itself. */
async function fitLabelled(job: LabelJob, stored: LabelJobModel): Promise<boolean> {
  return (await job.votes.partitionStates(job.job, stored.runId)).every((p) => p.rows !== null);
}

/** Whether a worker that stops once done is done: the topic stored up to its end and, as asked, the fit's partitions labelled. */
async function workerDone(job: LabelJob, settings: WorkerSettings): Promise<boolean> {
  const end = await job.bus.endOffsets(job.topic);
  if (!caughtUp(end, await job.votes.readOffsets(job.job, job.topic))) return false;
  const stored = await job.votes.readModel(job.job);
  if (settings.untilLabelled) return stored !== undefined && caughtUp(end, stored.cut) && (await fitLabelled(job, stored));
  return stored === undefined || stored.predict === 'fit' || (await fitLabelled(job, stored));
}

/**
 * Runs one member of the job's consumer group until it is done (`--until-caught-up`, `--until-labelled`),
 * `--duration` has passed, or the signal aborts. Each batch is one store transaction (votes, statistics, offsets);
 * the bus resumes each partition from the stored offset, so a killed member's partitions continue where its last
 * batch ended. Alongside, the member labels the partitions of the job's fit (see labelPartitions).
 */
export async function runLabelWorker(job: LabelJob, settings: WorkerSettings): Promise<WorkerStats> {
  const { loaded, bus, votes, topic } = job;
  const k = loaded.config.labels.length;
  const lfNames = settings.lfs.map((lf) => lf.name);
  const m = lfNames.length;
  const applyOptions = { batchSize: loaded.config.apply?.batchSize, faultTolerant: loaded.config.apply?.faultTolerant ?? false };
  const stats: WorkerStats = { consumed: 0, stored: 0, redelivered: 0, skipped: 0, partitionsLabelled: 0, labelled: 0 };
  const started = Date.now();
  let logged = started;
  const handler = async (batch: ConsumedBatch): Promise<void> => {
    if (batch.records.length === 0) return;
    const { points, skipped } = recordPoints(batch.records, job.project.registry.decoders);
    const { L } = applyLabelingFunctions(
      points.map((p) => p.point),
      settings.lfs,
      applyOptions,
    );
    const rows = points.map((p, i): LabelVoteRow => ({ offset: p.offset, itemId: p.point.id, votes: L.data.subarray(i * m, (i + 1) * m) }));
    // Retried as ingest retries (Postgres restarting); a failed heartbeat gives the batch up to the next owner.
    const saved = await writeBatchWithRetries(batch, () =>
      votes.saveBatch(
        { job: job.job, topic, partition: batch.partition, rows, lastOffset: batch.lastOffset },
        (kept) => batchStats(matrixOf(kept, m), lfNames, k) as unknown as Record<string, unknown>,
      ),
    );
    stats.consumed += batch.records.length;
    stats.stored += saved.stored;
    stats.redelivered += saved.skipped;
    stats.skipped += skipped;
    job.logger.debug({ partition: batch.partition, lastOffset: batch.lastOffset, ...saved }, 'label batch stored');
    if (Date.now() - logged < PROGRESS_EVERY_MS) return;
    logged = Date.now();
    job.logger.info({ ...stats, rowsPerSecond: Math.round(stats.stored / ((logged - started) / 1000)) }, 'label worker progress');
  };
  const readOffsets = (group: string, t: string) => votes.readOffsets(group, t);
  const stopsWhenDone = settings.untilCaughtUp || settings.untilLabelled;
  await runConsumer(
    {
      bus,
      topic,
      group: job.job,
      partitions: settings.partitions,
      batchSize: settings.batchSize,
      readOffsets,
      handler,
      durationMs: settings.durationMs,
      signal: settings.signal,
    },
    async (stop) => {
      const labelling = new AbortController();
      const stopLabelling = (): void => labelling.abort();
      stop.addEventListener('abort', stopLabelling);
      if (stop.aborted) labelling.abort();
      const labels = labelPartitions(job, m, stats, labelling.signal);
      // Ends when the member is done or stopped (or, once its labelling failed, when that is aborted below).
      const done = async (): Promise<void> => {
        if (!stopsWhenDone) return untilAborted(labelling.signal);
        while (!labelling.signal.aborted && !(await workerDone(job, settings))) await sleep(POLL_MS);
      };
      const finished = done();
      let failure: unknown;
      await Promise.race([labels, finished]).catch((error: unknown) => (failure = error));
      labelling.abort();
      stop.removeEventListener('abort', stopLabelling);
      const [labelled] = await Promise.allSettled([labels, finished]);
      if (failure === undefined && labelled.status === 'rejected') failure = labelled.reason;
      if (failure !== undefined) throw failure;
    },
  );
  return stats;
}
