// A worker of a distributed labelling job: consumes its partitions, applies the LFs, stores each batch's votes and partial statistics with the offsets.

import { applyLabelingFunctions, runConsumer, untilAborted, waitUntilCaughtUp } from '@skimmer/core';
import type { ConsumedBatch, LabelingFunction, LabelMatrix, LabelVoteRow } from '@skimmer/core';
import type { LabelJob } from './labelJob.ts';
import { batchStats } from './partialStats.ts';
import { recordPoints } from './pointRecords.ts';

export interface WorkerSettings {
  readonly lfs: readonly LabelingFunction[];
  readonly batchSize: number;
  /** Partitions of the topic when this worker is the first to need it. */
  readonly partitions: number;
  readonly untilCaughtUp: boolean;
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
}

/** A progress line at most this often. */
const PROGRESS_EVERY_MS = 5_000;

/** Store writes retried this many times (Postgres restarting), with doubling delays from 200 ms up to 5 s, as ingest does. */
const STORE_RETRIES = 6;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the batch's store write, retrying a failure. A failed heartbeat is not retried: the group is rebalancing or
 * this member was evicted, so the batch is given up at once and the bus rejoins (the next owner stores it).
 */
async function withRetries<T>(batch: ConsumedBatch, write: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    await batch.heartbeat();
    try {
      return await write();
    } catch (error) {
      if (attempt >= STORE_RETRIES) throw error;
      await sleep(Math.min(200 * 2 ** attempt, 5_000));
    }
  }
}

/** The votes of `rows` as one label matrix. */
function matrixOf(rows: readonly LabelVoteRow[], m: number): LabelMatrix {
  const data = new Int32Array(rows.length * m);
  rows.forEach((row, i) => data.set(row.votes, i * m));
  return { n: rows.length, m, data };
}

/**
 * Runs one member of the job's consumer group until `--until-caught-up` sees every partition stored, `--duration`
 * has passed, or the signal aborts. Each batch is one store transaction (votes, statistics, offsets); the bus resumes
 * each partition from the stored offset, so a killed member's partitions continue where its last batch ended.
 */
export async function runLabelWorker(job: LabelJob, settings: WorkerSettings): Promise<WorkerStats> {
  const { loaded, bus, votes, topic } = job;
  const k = loaded.config.labels.length;
  const lfNames = settings.lfs.map((lf) => lf.name);
  const m = lfNames.length;
  const applyOptions = { batchSize: loaded.config.apply?.batchSize, faultTolerant: loaded.config.apply?.faultTolerant ?? false };
  const stats: WorkerStats = { consumed: 0, stored: 0, redelivered: 0, skipped: 0 };
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
    const saved = await withRetries(batch, () =>
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
    (stop) => (settings.untilCaughtUp ? waitUntilCaughtUp({ bus, topic, group: job.job, readOffsets }, stop) : untilAborted(stop)),
  );
  return stats;
}
