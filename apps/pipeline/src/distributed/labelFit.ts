// The fit of a distributed labelling job: waits for the workers, merges their statistics, fits the label model once, predicts the stored votes partition by partition.

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { caughtUp, ConfigError, DataError, SkimmerError } from '@skimmer/core';
import type { LabelModel } from '@skimmer/core';
import type { OverlapStats } from '@skimmer/labelmodel';
import { redactSecrets } from '../config/redactSecrets.ts';
import { DEFAULT_KEEP_LABEL_RUNS, pruneLabelOutputs } from '../labelRetention.ts';
import { createLabelModelOfType } from '../labelModels/createLabelModelOfType.ts';
import { DEFAULT_SEED } from '../stages/buildLabelingFunctions.ts';
import { DEFAULT_CHUNK_ROWS } from '../data/splitSources.ts';
import type { LabelJob } from './labelJob.ts';
import { MergedStats, type BatchStats } from './partialStats.ts';

/** The workers did not reach the topic's end in time: the fit would miss rows. */
export class LabelWaitTimeout extends SkimmerError {
  constructor(job: string, topic: string, waitedMs: number) {
    super(
      'LABEL_WAIT_TIMEOUT',
      `the workers of job "${job}" did not store ${topic} up to its end within ${Math.round(waitedMs / 1000)} s: start more workers or wait longer (--duration)`,
      {
        job,
        topic,
      },
    );
    this.name = 'LabelWaitTimeout';
  }
}

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
  const timeout = (): LabelWaitTimeout => new LabelWaitTimeout(job.job, job.topic, Date.now() - started);
  const end = await within(job.bus.endOffsets(job.topic), waitMs, timeout);
  for (;;) {
    const stored = await job.votes.readOffsets(job.job, job.topic);
    if (caughtUp(end, stored)) return new Map(stored.map((s) => [s.partition, BigInt(s.nextOffset)]));
    if (signal.aborted || Date.now() - started > waitMs) throw timeout();
    await sleep(200);
  }
}

/** Every stored row of the job before the cut, partition by partition, a chunk at a time. */
async function* storedChunks(job: LabelJob, m: number, cut: Cut): AsyncGenerator<{ itemIds: string[]; L: { n: number; m: number; data: Int32Array } }> {
  for (const partition of await job.votes.partitions(job.job)) {
    const before = cut.get(partition) ?? 0n;
    let after: { offset: string; itemId: string } | undefined;
    for (;;) {
      const page = await job.votes.readVotes(job.job, partition, { after, limit: DEFAULT_CHUNK_ROWS });
      let n = 0;
      while (n < page.offsets.length && BigInt(page.offsets[n]) < before) n++;
      if (n > 0) yield { itemIds: page.itemIds.slice(0, n), L: { n, m, data: page.votes.subarray(0, n * m) } };
      if (n < DEFAULT_CHUNK_ROWS) break;
      after = { offset: page.offsets[n - 1], itemId: page.itemIds[n - 1] };
    }
  }
}

/**
 * Merges the statistics every worker stored, fits the config's (first) label model once from them, stores it, and
 * predicts the stored votes partition by partition into a run's probabilistic labels (label_outputs).
 */
export async function runLabelFit(
  job: LabelJob,
  lfNames: readonly string[],
  options: { waitMs: number; keepLabels: boolean; signal: AbortSignal },
): Promise<FitResult> {
  const { loaded, store, votes } = job;
  const { config } = loaded;
  const k = config.labels.length;
  const entry = loaded.labelModels[0];
  const model = await createLabelModelOfType(entry.type, k);
  const fitsFromStats = typeof (model as Partial<OverlapFitter>).fitOverlaps === 'function';
  if (!fitsFromStats && model.type !== 'majority-vote')
    throw new ConfigError('labelModel', `"${entry.type}" fits on the whole label matrix; a distributed job fits from merged statistics: use snorkel or mv`, {
      file: loaded.file,
    });
  job.logger.info({ job: job.job, topic: job.topic, waitMs: options.waitMs }, 'label fit waiting for the workers');
  const cut = await waitForWorkers(job, options.waitMs, options.signal);
  const merged = new MergedStats(lfNames, k);
  for (const part of await votes.readStats(job.job))
    if (BigInt(part.lastOffset) < (cut.get(part.partition) ?? 0n)) merged.add(part.stats as unknown as BatchStats);
  const fitOptions: Record<string, unknown> = { seed: config.seed ?? DEFAULT_SEED, ...entry.options };
  const runId = `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(2).toString('hex')}`;
  await store.runs.create({
    id: runId,
    config: { file: path.resolve(loaded.file), stages: ['label'], labelJob: job.job, topic: job.topic, ...(redactSecrets(config, loaded.raw) as object) },
  });
  try {
    if (merged.rows === 0)
      throw new DataError(`job "${job.job}" has no stored votes: publish points to ${job.topic} and run workers first`, { record: job.job });
    if (fitsFromStats) (model as OverlapFitter).fitOverlaps(merged.overlapStats(), fitOptions);
    job.logger.info({ job: job.job, rows: merged.rows, model: entry.type, runId }, 'label model fitted from the merged statistics');
    let labelled = 0;
    for await (const { itemIds, L } of storedChunks(job, lfNames.length, cut)) {
      if (!fitsFromStats) model.fit(L, fitOptions); // majority vote learns nothing: fit only checks the votes
      labelled += await store.labelOutputs.save(runId, { itemIds, probs: model.predictProba(L) });
    }
    const statistics = merged.toJSON();
    await votes.saveModel({ job: job.job, runId, modelType: entry.type, model: model.toJSON(), stats: statistics as unknown as Record<string, unknown> });
    await store.runs.finish(runId, {
      status: 'succeeded',
      metrics: { rows: merged.rows, labelCoverage: statistics.labelCoverage, lfSummary: statistics.lfSummary },
      artifacts: { labelOutputs: runId, labelJob: job.job },
    });
    // As a `pipeline label` run's: the labels replace those of the dataset's earlier runs unless asked to keep them.
    await pruneLabelOutputs(store, config, options.keepLabels ? 0 : (config.labelOutputs?.keepRuns ?? DEFAULT_KEEP_LABEL_RUNS), job.logger);
    return { runId, model: entry.name ?? entry.type, labelled, statistics };
  } catch (error) {
    await store.runs.finish(runId, { status: 'failed', metrics: { error: String((error as Error).message) } }).catch(() => {});
    throw error;
  }
}
