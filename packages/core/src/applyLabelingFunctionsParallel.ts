// One-shot parallel LF application: starts an LF applier pool, labels the points across its worker threads and closes it.

import type { LFApplyResult } from './applyLabelingFunctions.ts';
import { defaultLFWorkerCount, LFApplierPool, type LFApplierPoolApplyOptions, type LFApplierPoolOptions } from './lfApplierPool.ts';
import type { LFModuleSpec } from './lfModule.ts';
import type { DataPoint } from './post.ts';

export type ApplyLabelingFunctionsParallelOptions = LFApplierPoolApplyOptions & LFApplierPoolOptions;

/**
 * Applies the LFs exported by `spec.module` in worker threads; the result equals `applyLabelingFunctions` on the same LFs.
 * Points must be structured-cloneable (plain data). Each worker imports the module itself, since closures cannot cross
 * threads. Starting workers costs about a second: to label many batches, keep an {@link LFApplierPool} instead.
 *
 * @example
 * const { L } = await applyLabelingFunctionsParallel(points, { module: '/abs/path/spamLfs.ts' }, { workers: 4, faultTolerant: true });
 */
export async function applyLabelingFunctionsParallel(
  points: readonly DataPoint[],
  spec: LFModuleSpec,
  options: ApplyLabelingFunctionsParallelOptions = {},
): Promise<LFApplyResult> {
  const requested = options.workers ?? defaultLFWorkerCount();
  // No more workers than points (one for none); invalid counts go through unchanged for the pool to report.
  const workers = Number.isInteger(requested) && requested >= 1 ? Math.min(requested, Math.max(1, points.length)) : requested;
  const pool = await LFApplierPool.start(spec, { workers });
  try {
    return await pool.apply(points, options);
  } finally {
    await pool.close();
  }
}
