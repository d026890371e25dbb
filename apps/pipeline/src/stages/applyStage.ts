// The apply stage: runs the LFs over every split chunk by chunk, in process (or in worker threads when configured), writing L to disk.

import path from 'node:path';
import { applyLabelingFunctions, LFApplierPool } from '@skimmer/core';
import type { LabelingFunction, LFApplyResult, LFFailure, Logger } from '@skimmer/core';
import type { LoadedConfig } from '../config/loadConfig.ts';
import type { SplitName } from '../config/pipelineConfigSchema.ts';
import { DEFAULT_CHUNK_ROWS, type PointChunk, type SplitSource } from '../data/splitSources.ts';
import type { ProgressFactory } from '../progress.ts';
import { configLFModuleSpec } from './configLabelingFunctions.ts';
import { SplitRowsWriter, writeSplitRowsIndex, type SplitRows } from './splitRows.ts';

/** Default size at which LF application moves to worker threads, when `apply.workers` asks for them. */
export const DEFAULT_PARALLEL_THRESHOLD = 50_000;
/**
 * Rows read and labelled at a time in process: few enough that their points die in V8's young generation instead of
 * being promoted and collected by full GCs (peak RSS and GC time), while the split files' blocks, hence the label
 * blocks stored, stay `apply.chunkRows` long. Worker threads get whole chunks (one message each).
 */
const IN_PROCESS_READ_ROWS = 4096;
/** Failures kept per LF over a whole run (the counts stay exact). */
const MAX_KEPT_FAILURES_PER_LF = 1000;

/** Each split's labelled rows (on disk), the LF failures (fault-tolerant runs only) and how they were computed. */
export interface AppliedSplits {
  readonly lfNames: readonly string[];
  readonly splits: ReadonlyMap<SplitName, SplitRows>;
  /** Path of `label-matrices.json` (the run's `labelMatrices` artifact). */
  readonly index: string;
  readonly failures: readonly (LFFailure & { split: SplitName })[];
  /** Worker threads per split (1: in process). */
  readonly workers: Readonly<Partial<Record<SplitName, number>>>;
}

export interface ApplyStageOptions {
  readonly logger: Logger;
  readonly progress: ProgressFactory;
  /** Where L.<split>.i32, ids.<split>.json and gold.<split>.i32 go (runs/<run-id>/). */
  readonly runDir: string;
  /** Stops the stage between chunks (the run failed elsewhere, e.g. its store did not open). */
  readonly signal?: AbortSignal;
}

/**
 * Worker threads for a split: only when `apply.workers` asks for them (≥ 1) and the split reaches `apply.parallelThreshold`
 * rows. In process is the default: on this 2-core machine a worker costs more in copying points than the
 * keyword / regex LFs cost to run (docs/scale.md, `npm run bench:scale`).
 */
function workersFor(loaded: LoadedConfig, source: SplitSource): number {
  const settings = loaded.config.apply ?? {};
  if (!settings.workers) return 1;
  const threshold = settings.parallelThreshold ?? DEFAULT_PARALLEL_THRESHOLD;
  return source.expectedRows === undefined || source.expectedRows >= threshold ? settings.workers : 1;
}

/** Applies the LFs to one chunk, in process or on the pool, with failures numbered by their row in the split. */
async function applyChunk(
  chunk: PointChunk,
  lfs: readonly LabelingFunction[],
  pool: LFApplierPool | undefined,
  options: { batchSize?: number; faultTolerant: boolean },
): Promise<LFApplyResult> {
  if (!pool) return applyLabelingFunctions(chunk.points, lfs, { ...options, rowOffset: chunk.rowOffset });
  return pool.apply(chunk.points, { ...options, rowOffset: chunk.rowOffset });
}

/**
 * Applies `lfs` (built once, in this thread) to each split chunk by chunk: only one chunk of points is in memory; each
 * chunk's votes are appended to the split's files under `runDir`. With `apply.workers`, large splits go through one
 * pool of worker threads (started once for the run) that receives chunks of points.
 *
 * @example
 * const applied = await applyStage(loaded, lfs, sources, { logger, progress: createProgress, runDir });
 * applied.splits.get('train')!.n; // rows labelled
 */
export async function applyStage(
  loaded: LoadedConfig,
  lfs: readonly LabelingFunction[],
  sources: ReadonlyMap<SplitName, SplitSource>,
  { logger, progress, runDir, signal }: ApplyStageOptions,
): Promise<AppliedSplits> {
  const settings = loaded.config.apply ?? {};
  const chunkRows = settings.chunkRows ?? DEFAULT_CHUNK_ROWS;
  const options = { batchSize: settings.batchSize, faultTolerant: settings.faultTolerant ?? false };
  const splits = new Map<SplitName, SplitRows>();
  const entries = new Map<SplitName, Awaited<ReturnType<SplitRowsWriter['close']>>['entry']>();
  const failures: (LFFailure & { split: SplitName })[] = [];
  const kept = new Map<string, number>();
  const workers: Partial<Record<SplitName, number>> = {};
  let pool: LFApplierPool | undefined;
  try {
    for (const [name, source] of sources) {
      const count = workersFor(loaded, source);
      if (count > 1 && !pool) pool = await LFApplierPool.start(configLFModuleSpec(path.resolve(loaded.file)), { workers: count });
      logger.info({ split: name, expectedRows: source.expectedRows, lfs: lfs.length, workers: count, chunkRows }, 'applying labeling functions');
      const writer = await SplitRowsWriter.create(runDir, name, lfs.length, chunkRows);
      const bar = progress(`apply ${name}`);
      try {
        for await (const chunk of source.chunks(count > 1 ? chunkRows : Math.min(chunkRows, IN_PROCESS_READ_ROWS))) {
          signal?.throwIfAborted();
          const result = await applyChunk(chunk, lfs, count > 1 ? pool : undefined, options);
          await writer.append(
            result.L,
            chunk.points.map((p) => p.id),
            chunk.gold,
          );
          for (const failure of result.failures) {
            const n = (kept.get(failure.lf) ?? 0) + 1;
            kept.set(failure.lf, n);
            if (n <= MAX_KEPT_FAILURES_PER_LF) failures.push({ ...failure, split: name });
          }
          const done = chunk.rowOffset + chunk.points.length;
          bar.update(done, Math.max(done, source.expectedRows ?? done));
        }
      } catch (error) {
        await writer.abandon();
        throw error;
      } finally {
        bar.stop();
      }
      const { entry, rows } = await writer.close();
      entries.set(name, entry);
      splits.set(name, rows);
      workers[name] = count;
    }
  } finally {
    await pool?.close();
  }
  if (failures.length > 0)
    logger.warn({ failures: failures.length, first: failures[0] }, 'some labeling functions failed on some points (voted ABSTAIN there)');
  const lfNames = lfs.map((lf) => lf.name);
  return { lfNames, splits, index: await writeSplitRowsIndex(runDir, lfNames, entries), failures, workers };
}
