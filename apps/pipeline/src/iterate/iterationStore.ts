// The iteration history of `pipeline iterate`, typed with the pipeline's metrics, over the store's IterationRepository.

import type { IterationRecord as StoredIteration, IterationRepository } from '@skimmer/core';
import type { IterationMetrics } from './iterationMetrics.ts';

/** One iteration: the batch pushed, and (once trained) the gold-set size and metrics. */
export interface IterationRecord extends Omit<StoredIteration, 'metrics'> {
  /** Null while the batch waits for tags. */
  readonly metrics: IterationMetrics | null;
}

/** The stored row with the metrics this module wrote (the repository keeps them as given). */
const typed = (record: StoredIteration): IterationRecord => ({ ...record, metrics: (record.metrics ?? null) as IterationMetrics | null });

/**
 * Applies the tagger's migrations, then the iterations' (the iterations table references tagger projects).
 *
 * @example
 * await migrateIterations(store.iterations); // ['tagger/001_tagger', 'tagger/002_sessions', 'pipeline/001_iterations'] on a new database
 */
export function migrateIterations(iterations: IterationRepository): Promise<string[]> {
  return iterations.migrate();
}

/** The project's iterations, first to last. */
export async function listIterations(iterations: IterationRepository, projectId: string): Promise<IterationRecord[]> {
  return (await iterations.list(projectId)).map(typed);
}

/** Records a batch pushed to the tagger as iteration `iteration` (not trained yet). */
export async function recordPushedBatch(
  iterations: IterationRepository,
  batch: { projectId: string; iteration: number; runId: string; strategy: string; selectedIds: readonly string[] },
): Promise<IterationRecord> {
  return typed(await iterations.recordPushedBatch(batch));
}

/** Records what retraining on the project's gold gave for iteration `iteration`. */
export async function recordTraining(
  iterations: IterationRepository,
  projectId: string,
  iteration: number,
  result: { runId: string; goldSize: number; goldDigest: string; metrics: IterationMetrics; classifierDir: string },
): Promise<IterationRecord> {
  return typed(await iterations.recordTraining(projectId, iteration, result));
}
