// RunRepository: one row per pipeline run, with its config, final metrics and artifact paths.

import { randomUUID } from 'node:crypto';
import type { RunRecord, RunRepository, RunStatus, SqlExecutor } from '@skimmer/core';
import { StoreError, withStoreErrors } from './storeError.ts';
import { isoTimestamp, pgJson } from './sqlValues.ts';

interface RunRow {
  id: string;
  started_at: unknown;
  finished_at: unknown;
  status: RunStatus;
  config: unknown;
  metrics: Record<string, unknown> | null;
  artifacts: Record<string, unknown> | null;
}

const RUN_COLUMNS = 'id, started_at, finished_at, status, config, metrics, artifacts';

function toRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    startedAt: isoTimestamp(row.started_at),
    finishedAt: row.finished_at === null ? null : isoTimestamp(row.finished_at),
    status: row.status,
    config: row.config,
    metrics: row.metrics,
    artifacts: row.artifacts,
  };
}

/** The RunRepository of a store. */
export function runRepository(sql: SqlExecutor): RunRepository {
  return {
    async create({ id = randomUUID(), config }) {
      const { rows } = await withStoreErrors('runs.create', { run: id }, () =>
        sql.query<RunRow>(`INSERT INTO runs (id, config) VALUES ($1, $2::text::jsonb) RETURNING ${RUN_COLUMNS}`, [id, pgJson(config)]),
      );
      return toRecord(rows[0]);
    },

    async finish(id, { status, metrics = null, artifacts = null }) {
      const { rows } = await withStoreErrors('runs.finish', { run: id }, () =>
        sql.query<RunRow>(
          `UPDATE runs SET status = $2, metrics = $3::text::jsonb, artifacts = $4::text::jsonb, finished_at = now()
           WHERE id = $1 RETURNING ${RUN_COLUMNS}`,
          [id, status, metrics === null ? null : pgJson(metrics), artifacts === null ? null : pgJson(artifacts)],
        ),
      );
      if (rows.length === 0) throw new StoreError(`run ${id} does not exist`, { operation: 'runs.finish', run: id });
      return toRecord(rows[0]);
    },

    async get(id) {
      const { rows } = await withStoreErrors('runs.get', { run: id }, () => sql.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1`, [id]));
      return rows.length === 0 ? undefined : toRecord(rows[0]);
    },

    async list({ limit = 100 } = {}) {
      const { rows } = await withStoreErrors('runs.list', {}, () =>
        sql.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY started_at DESC, id LIMIT $1`, [limit]),
      );
      return rows.map(toRecord);
    },
  };
}
