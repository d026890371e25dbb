// The `pipeline_iterations` table: applies its migration, records a pushed batch, then the retraining it led to, and reads the history.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlExecutor } from '@skimmer/core';
import { migrate, readMigrations } from '@skimmer/plugins-postgres';
import { migrateTagger } from '@skimmer/tagging';
import type { IterationMetrics } from './iterationMetrics.ts';

/** The folder holding the pipeline's own `NNN_name.sql` migrations (recorded as `pipeline/NNN_name`). */
export const pipelineMigrationsDir: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** One iteration: the batch pushed, and (once trained) the gold-set size and metrics. */
export interface IterationRecord {
  readonly projectId: string;
  readonly iteration: number;
  readonly runId: string;
  readonly strategy: string;
  readonly selectedIds: readonly string[];
  readonly pushedAt: string;
  /** Null while the batch waits for tags. */
  readonly goldSize: number | null;
  readonly goldDigest: string | null;
  readonly metrics: IterationMetrics | null;
  readonly classifierDir: string | null;
  readonly trainedAt: string | null;
}

interface IterationRow {
  project_id: string;
  iteration: number;
  run_id: string;
  strategy: string;
  selected_ids: string[];
  pushed_at: Date | string;
  gold_size: number | null;
  gold_digest: string | null;
  metrics: IterationMetrics | null;
  classifier_dir: string | null;
  trained_at: Date | string | null;
}

const iso = (t: Date | string | null): string | null => (t === null ? null : new Date(t).toISOString());

function fromRow(r: IterationRow): IterationRecord {
  return {
    projectId: r.project_id,
    iteration: r.iteration,
    runId: r.run_id,
    strategy: r.strategy,
    selectedIds: r.selected_ids,
    pushedAt: iso(r.pushed_at)!,
    goldSize: r.gold_size,
    goldDigest: r.gold_digest,
    metrics: r.metrics,
    classifierDir: r.classifier_dir,
    trainedAt: iso(r.trained_at),
  };
}

/**
 * Applies the tagger's migrations, then the pipeline's (the iterations table references tagger projects).
 *
 * @example
 * await migrateIterations(store.sql); // ['pipeline/001_iterations'] on a new database
 */
export async function migrateIterations(sql: SqlExecutor): Promise<string[]> {
  const tagger = await migrateTagger(sql);
  const own = (await readMigrations(pipelineMigrationsDir)).map((m) => ({ name: `pipeline/${m.name}`, sql: m.sql }));
  return [...tagger, ...(await migrate(sql, own))];
}

/** The project's iterations, first to last. */
export async function listIterations(sql: SqlExecutor, projectId: string): Promise<IterationRecord[]> {
  const { rows } = await sql.query<IterationRow>('SELECT * FROM pipeline_iterations WHERE project_id = $1 ORDER BY iteration', [projectId]);
  return rows.map(fromRow);
}

/** Records a batch pushed to the tagger as iteration `iteration` (not trained yet). */
export async function recordPushedBatch(
  sql: SqlExecutor,
  batch: { projectId: string; iteration: number; runId: string; strategy: string; selectedIds: readonly string[] },
): Promise<IterationRecord> {
  const { rows } = await sql.query<IterationRow>(
    `INSERT INTO pipeline_iterations (project_id, iteration, run_id, strategy, selected_ids) VALUES ($1, $2, $3, $4, $5::text[]) RETURNING *`,
    [batch.projectId, batch.iteration, batch.runId, batch.strategy, [...batch.selectedIds]],
  );
  return fromRow(rows[0]!);
}

/** Records what retraining on the project's gold gave for iteration `iteration`. */
export async function recordTraining(
  sql: SqlExecutor,
  projectId: string,
  iteration: number,
  result: { runId: string; goldSize: number; goldDigest: string; metrics: IterationMetrics; classifierDir: string },
): Promise<IterationRecord> {
  const { rows } = await sql.query<IterationRow>(
    `UPDATE pipeline_iterations SET run_id = $3, gold_size = $4, gold_digest = $5, metrics = $6::jsonb, classifier_dir = $7, trained_at = now()
     WHERE project_id = $1 AND iteration = $2 RETURNING *`,
    [projectId, iteration, result.runId, result.goldSize, result.goldDigest, JSON.stringify(result.metrics), result.classifierDir],
  );
  return fromRow(rows[0]!);
}
