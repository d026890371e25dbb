// IterationRepository: the `pipeline_iterations` table of `pipeline iterate` (batches pushed to a tagger project, then what retraining gave).

import path from 'node:path';
import type { IterationRecord, IterationRepository, SqlExecutor } from '@skimmer/core';
import { migrate, migrationsDir, readMigrations } from './migrations.ts';
import { migrateTagger } from './taggerRepository.ts';

/** The folder holding the iterations' `NNN_name.sql` migrations (recorded as `pipeline/NNN_name`). */
export const iterationMigrationsDir: string = path.join(migrationsDir, 'pipeline');

interface IterationRow {
  project_id: string;
  iteration: number;
  run_id: string;
  strategy: string;
  selected_ids: string[];
  pushed_at: Date | string;
  gold_size: number | null;
  gold_digest: string | null;
  metrics: unknown;
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

/** The IterationRepository of a store. */
export function iterationRepository(sql: SqlExecutor): IterationRepository {
  return {
    async migrate() {
      const tagger = await migrateTagger(sql);
      const own = (await readMigrations(iterationMigrationsDir)).map((m) => ({ name: `pipeline/${m.name}`, sql: m.sql }));
      return [...tagger, ...(await migrate(sql, own))];
    },
    async list(projectId) {
      const { rows } = await sql.query<IterationRow>('SELECT * FROM pipeline_iterations WHERE project_id = $1 ORDER BY iteration', [projectId]);
      return rows.map(fromRow);
    },
    async recordPushedBatch(batch) {
      const { rows } = await sql.query<IterationRow>(
        'INSERT INTO pipeline_iterations (project_id, iteration, run_id, strategy, selected_ids) VALUES ($1, $2, $3, $4, $5::text[]) RETURNING *',
        [batch.projectId, batch.iteration, batch.runId, batch.strategy, [...batch.selectedIds]],
      );
      return fromRow(rows[0]!);
    },
    async recordTraining(projectId, iteration, result) {
      const { rows } = await sql.query<IterationRow>(
        `UPDATE pipeline_iterations SET run_id = $3, gold_size = $4, gold_digest = $5, metrics = $6::jsonb, classifier_dir = $7, trained_at = now()
         WHERE project_id = $1 AND iteration = $2 RETURNING *`,
        [projectId, iteration, result.runId, result.goldSize, result.goldDigest, JSON.stringify(result.metrics), result.classifierDir],
      );
      return fromRow(rows[0]!);
    },
  };
}
