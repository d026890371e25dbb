// The apply stage: runs the LFs over every split, in process or (at or above a size threshold) in worker threads, giving one L per split.

import path from 'node:path';
import { applyLabelingFunctions, applyLabelingFunctionsParallel, defaultLFWorkerCount } from '@skimmer/core';
import type { LabelingFunction, LabelMatrix, LFFailure, Logger } from '@skimmer/core';
import type { LoadedConfig } from '../config/loadConfig.ts';
import type { SplitName } from '../config/pipelineConfigSchema.ts';
import type { RunData } from '../data/splitData.ts';
import type { ProgressFactory } from '../progress.ts';
import { configLFModuleSpec } from './configLabelingFunctions.ts';

/** Default size at which LF application moves to worker threads. */
export const DEFAULT_PARALLEL_THRESHOLD = 50_000;

/** L for each split, with the LF failures (fault-tolerant runs only) and how it was computed. */
export interface AppliedSplits {
  readonly lfNames: readonly string[];
  readonly matrices: ReadonlyMap<SplitName, LabelMatrix>;
  readonly failures: readonly (LFFailure & { split: SplitName })[];
  readonly workers: Readonly<Partial<Record<SplitName, number>>>;
}

/**
 * Applies `lfs` to each split; a split of at least `apply.parallelThreshold` points (default 50,000) is labelled by
 * `apply.workers` threads that rebuild the LFs from the config file.
 *
 * @example
 * const applied = await applyStage(loaded, lfs, data, { logger, progress: createProgress });
 * applied.matrices.get('train')!.m; // number of LFs
 */
export async function applyStage(
  loaded: LoadedConfig,
  lfs: readonly LabelingFunction[],
  data: RunData,
  { logger, progress }: { logger: Logger; progress: ProgressFactory },
): Promise<AppliedSplits> {
  const settings = loaded.config.apply ?? {};
  const threshold = settings.parallelThreshold ?? DEFAULT_PARALLEL_THRESHOLD;
  const matrices = new Map<SplitName, LabelMatrix>();
  const failures: (LFFailure & { split: SplitName })[] = [];
  const workers: Partial<Record<SplitName, number>> = {};
  for (const [name, split] of data) {
    const bar = progress(`apply ${name}`);
    const options = { batchSize: settings.batchSize, faultTolerant: settings.faultTolerant ?? false, onProgress: (done: number, total: number) => bar.update(done, total) };
    const parallel = split.points.length >= threshold;
    const count = parallel ? (settings.workers ?? defaultLFWorkerCount()) : 1;
    logger.info({ split: name, n: split.points.length, lfs: lfs.length, workers: count }, 'applying labeling functions');
    try {
      const result = parallel
        ? await applyLabelingFunctionsParallel(split.points, configLFModuleSpec(path.resolve(loaded.file)), { ...options, workers: count })
        : applyLabelingFunctions(split.points, lfs, options);
      matrices.set(name, result.L);
      for (const failure of result.failures) failures.push({ ...failure, split: name });
    } finally {
      bar.stop();
    }
    workers[name] = count;
  }
  if (failures.length > 0) logger.warn({ failures: failures.length, first: failures[0] }, 'some labeling functions failed on some points (voted ABSTAIN there)');
  return { lfNames: lfs.map((lf) => lf.name), matrices, failures, workers };
}
