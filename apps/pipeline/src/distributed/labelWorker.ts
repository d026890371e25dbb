// A worker of a distributed labelling job: consumes its partitions, applies the LFs, stores each batch's votes and partial statistics with the offsets; labels partitions once a fit has stored its model.

import { applyLabelingFunctions, runConsumer, writeBatchWithRetries } from '@skimmer/core';
import type { ConsumedBatch, LabelingFunction, LabelMatrix, LabelVoteRow } from '@skimmer/core';
import type { LabelJob } from './labelJob.ts';
import { batchStats } from './partialStats.ts';
import { recordPoints } from './pointRecords.ts';
import { labelFitPartitions, memberDone } from './workerLabelling.ts';

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

/** The votes of `rows` as one label matrix. */
function matrixOf(rows: readonly LabelVoteRow[], m: number): LabelMatrix {
  const data = new Int32Array(rows.length * m);
  rows.forEach((row, i) => data.set(row.votes, i * m));
  return { n: rows.length, m, data };
}

/**
 * Runs one member of the job's consumer group until it is done (`--until-caught-up`, `--until-labelled`),
 * `--duration` has passed, or the signal aborts. Each batch is one store transaction (votes, statistics, offsets);
 * the bus resumes each partition from the stored offset, so a killed member's partitions continue where its last
 * batch ended. Alongside, the member labels the partitions of the job's fit (see labelFitPartitions).
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
    (stop) =>
      labelFitPartitions({
        votes,
        job: job.job,
        m,
        signal: stop,
        done: stopsWhenDone ? (status) => memberDone(job, settings.untilLabelled, status) : undefined,
        onClaim: (task) => job.logger.debug({ runId: task.runId, partition: task.partition }, 'label worker labelling a partition'),
        onLabelled: (runId, labelled) => {
          stats.partitionsLabelled++;
          stats.labelled += labelled.rows;
          job.logger.info({ runId, ...labelled }, 'label worker labelled a partition');
        },
      }),
  );
  return stats;
}
