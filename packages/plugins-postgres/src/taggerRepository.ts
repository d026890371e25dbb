// TaggerRepository: the tagger's tables (users, sessions, projects, members, records, tags, resolutions); the rules live in @skimmer/tagging.

import path from 'node:path';
import type {
  SqlExecutor,
  TaggerDecision,
  TaggerLabel,
  TaggerOrdering,
  TaggerProgress,
  TaggerProject,
  TaggerRecordWrite,
  TaggerRepository,
  TaggerStoredRecord,
  TaggerUser,
} from '@skimmer/core';
import { migrate, migrationsDir, readMigrations } from './migrations.ts';

/** The folder holding the tagger's `NNN_name.sql` migrations (recorded as `tagger/NNN_name`). */
export const taggerMigrationsDir: string = path.join(migrationsDir, 'tagger');

/** Applies pending tagger migrations; returns those applied now. */
export async function migrateTagger(sql: SqlExecutor): Promise<string[]> {
  const migrations = (await readMigrations(taggerMigrationsDir)).map((m) => ({ name: `tagger/${m.name}`, sql: m.sql }));
  return migrate(sql, migrations);
}

interface ProjectRow {
  id: string;
  name: string;
  labels: TaggerLabel[];
  guidelines: string;
  ordering: TaggerOrdering;
  seed: number;
  overlap: number;
  show_hints: boolean;
  eval_fraction: number;
  created_by: string | null;
}

function projectFromRow(r: ProjectRow): TaggerProject {
  return {
    id: r.id,
    name: r.name,
    labels: r.labels,
    guidelines: r.guidelines,
    ordering: r.ordering,
    seed: r.seed,
    overlap: r.overlap,
    showHints: r.show_hints,
    evalFraction: r.eval_fraction,
    createdBy: r.created_by,
  };
}

interface UserRow {
  name: string;
  is_admin: boolean;
}

const userFromRow = (row: UserRow | undefined): TaggerUser | null => (row ? { name: row.name, isAdmin: row.is_admin } : null);

/** ORDER BY clauses by ordering; fixed texts, never built from input. The test split is never ordered by a model. */
const ORDER_BY: Readonly<Record<TaggerOrdering, string>> = {
  sequential: 'r.position',
  random: 'r.random_rank, r.id',
  active: "(r.split = 'test') DESC, CASE WHEN r.split = 'test' THEN r.random_rank END, r.margin ASC NULLS LAST, r.random_rank, r.id",
};

const INSERT_PROJECT = `
INSERT INTO tagger_projects (id, name, labels, guidelines, ordering, seed, overlap, show_hints, eval_fraction, created_by)
VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING RETURNING *`;

const UPSERT_RECORDS = `
INSERT INTO tagger_records (project_id, id, position, text, metadata, split, random_rank, hints, prediction, margin)
SELECT $1, id, (SELECT coalesce(max(position) + 1, 0) FROM tagger_records WHERE project_id = $1) + ord::int - 1, text, meta::jsonb, split, rank, hints::jsonb,
       CASE WHEN pred IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(pred::jsonb)::float8) END, margin
FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::text[], $9::float8[])
  WITH ORDINALITY AS t(id, text, meta, split, rank, hints, pred, margin, ord)
ON CONFLICT (project_id, id) DO UPDATE SET text = EXCLUDED.text, metadata = EXCLUDED.metadata, split = EXCLUDED.split,
  hints = EXCLUDED.hints, prediction = EXCLUDED.prediction, margin = EXCLUDED.margin`;

const SET_PREDICTIONS = `
WITH upd AS (
  UPDATE tagger_records r SET prediction = ARRAY(SELECT jsonb_array_elements_text(t.pred::jsonb)::float8), margin = t.margin
  FROM unnest($2::text[], $3::text[], $4::float8[]) AS t(id, pred, margin)
  WHERE r.project_id = $1 AND r.id = t.id RETURNING 1)
SELECT count(*)::int AS n FROM upd`;

const SAVE_TAG = `
INSERT INTO tagger_tags (project_id, record_id, annotator, label, time_spent_ms) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (project_id, record_id, annotator) DO UPDATE SET label = EXCLUDED.label, time_spent_ms = EXCLUDED.time_spent_ms, at = now(), seq = DEFAULT`;

const MIRROR_GOLD = `
INSERT INTO gold_labels (dataset, item_id, label, annotator, time_spent_ms) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (dataset, item_id, annotator) DO UPDATE SET label = EXCLUDED.label, time_spent_ms = EXCLUDED.time_spent_ms, at = now()`;

const DROP_GOLD_MIRROR = 'DELETE FROM gold_labels WHERE dataset = $1 AND item_id = $2 AND annotator = $3';

const RECORD_EXISTS = 'SELECT 1 FROM tagger_records WHERE project_id = $1 AND id = $2';

const NEXT_RECORDS = (ordering: TaggerOrdering) => `
SELECT r.id, r.text, r.metadata, r.split, r.hints, r.prediction
FROM tagger_records r
WHERE r.project_id = $1
  AND NOT EXISTS (SELECT 1 FROM tagger_tags t WHERE t.project_id = r.project_id AND t.record_id = r.id AND t.annotator = $2)
  AND (SELECT count(*) FROM tagger_tags t WHERE t.project_id = r.project_id AND t.record_id = r.id AND t.label IS NOT NULL) < $3
  AND NOT (r.id = ANY($4::text[]))
ORDER BY ${ORDER_BY[ordering]}
LIMIT $5`;

/** The records' columns as arrays, for one unnest() insert. */
function recordColumns(records: readonly TaggerRecordWrite[]): unknown[] {
  return [
    records.map((r) => r.id),
    records.map((r) => r.text),
    records.map((r) => JSON.stringify(r.metadata)),
    records.map((r) => r.split),
    records.map((r) => r.randomRank),
    records.map((r) => (r.hints ? JSON.stringify(r.hints) : null)),
    records.map((r) => (r.prediction ? JSON.stringify(r.prediction) : null)),
    records.map((r) => r.margin),
  ];
}

async function upsertRecords(sql: SqlExecutor, projectId: string, records: readonly TaggerRecordWrite[]): Promise<number> {
  if (records.length > 0) await sql.query(UPSERT_RECORDS, [projectId, ...recordColumns(records)]);
  return records.length;
}

const recordExists = async (sql: SqlExecutor, projectId: string, recordId: string): Promise<boolean> =>
  (await sql.query(RECORD_EXISTS, [projectId, recordId])).rows.length > 0;

/** The TaggerRepository of a store. */
export function taggerRepository(sql: SqlExecutor): TaggerRepository {
  return {
    migrate: () => migrateTagger(sql),

    async createUser(user) {
      const { rows } = await sql.query(
        'INSERT INTO tagger_users (name, token_hash, is_admin) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING RETURNING name',
        [user.name, user.tokenHash, user.isAdmin],
      );
      return rows.length > 0;
    },
    rekeyUser(user) {
      return sql.transaction(async (tx) => {
        const { rows } = await tx.query<UserRow>('UPDATE tagger_users SET token_hash = $2 WHERE name = $1 RETURNING name, is_admin', [
          user.name,
          user.tokenHash,
        ]);
        if (rows.length > 0) await tx.query('DELETE FROM tagger_sessions WHERE user_name = $1', [user.name]);
        return userFromRow(rows[0]);
      });
    },
    async userByTokenHash(tokenHash) {
      return userFromRow((await sql.query<UserRow>('SELECT name, is_admin FROM tagger_users WHERE token_hash = $1', [tokenHash])).rows[0]);
    },
    async unknownUsers(names) {
      if (names.length === 0) return [];
      const { rows } = await sql.query<{ name: string }>('SELECT name FROM tagger_users WHERE name = ANY($1::text[])', [[...names]]);
      const known = new Set(rows.map((r) => r.name));
      return names.filter((n) => !known.has(n));
    },

    async openSession(session) {
      await sql.query('DELETE FROM tagger_sessions WHERE expires_at < now()');
      // FOR SHARE: a rotate-token running now (UPDATE of the user's row) is waited for, then the token is compared
      // with the row it committed, so a sign-in that read the old token cannot open a session after the rotation.
      const { rows } = await sql.query<{ user_name: string }>(
        `INSERT INTO tagger_sessions (token_hash, user_name, expires_at)
         SELECT $1, name, now() + make_interval(secs => $4) FROM tagger_users WHERE name = $2 AND token_hash = $3 FOR SHARE
         RETURNING user_name`,
        [session.tokenHash, session.user, session.userTokenHash, session.ttlSeconds],
      );
      return rows.length > 0;
    },
    async userBySessionHash(tokenHash) {
      const { rows } = await sql.query<UserRow>(
        `SELECT u.name, u.is_admin FROM tagger_sessions s JOIN tagger_users u ON u.name = s.user_name
         WHERE s.token_hash = $1 AND s.expires_at > now()`,
        [tokenHash],
      );
      return userFromRow(rows[0]);
    },
    async closeSession(tokenHash) {
      await sql.query('DELETE FROM tagger_sessions WHERE token_hash = $1', [tokenHash]);
    },

    createProject(project, members, records) {
      return sql.transaction(async (tx) => {
        const { rows } = await tx.query<ProjectRow>(INSERT_PROJECT, [
          project.id,
          project.name,
          JSON.stringify(project.labels),
          project.guidelines,
          project.ordering,
          project.seed,
          project.overlap,
          project.showHints,
          project.evalFraction,
          project.createdBy,
        ]);
        if (rows.length === 0) return null;
        if (members.length > 0) {
          await tx.query('INSERT INTO tagger_members (project_id, user_name) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [project.id, [...members]]);
        }
        await upsertRecords(tx, project.id, records);
        return projectFromRow(rows[0]!);
      });
    },
    async getProject(id) {
      const { rows } = await sql.query<ProjectRow>('SELECT * FROM tagger_projects WHERE id = $1', [id]);
      return rows[0] ? projectFromRow(rows[0]) : null;
    },
    async listProjects(user) {
      const { rows } = await sql.query<ProjectRow & { records: number; tagged: number }>(
        `SELECT p.*, (SELECT count(*)::int FROM tagger_records r WHERE r.project_id = p.id) AS records,
                (SELECT count(DISTINCT t.record_id)::int FROM tagger_tags t WHERE t.project_id = p.id AND t.label IS NOT NULL) AS tagged
         FROM tagger_projects p
         WHERE $2 OR EXISTS (SELECT 1 FROM tagger_members m WHERE m.project_id = p.id AND m.user_name = $1)
         ORDER BY p.created_at DESC, p.id`,
        [user.name, user.isAdmin],
      );
      return rows.map((r) => ({ ...projectFromRow(r), records: r.records, tagged: r.tagged }));
    },
    async isMember(projectId, user) {
      return (await sql.query('SELECT 1 FROM tagger_members WHERE project_id = $1 AND user_name = $2', [projectId, user])).rows.length > 0;
    },
    async addMember(projectId, user) {
      await sql.query('INSERT INTO tagger_members (project_id, user_name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [projectId, user]);
    },

    upsertRecords: (projectId, records) => upsertRecords(sql, projectId, records),
    async setPredictions(projectId, predictions) {
      const { rows } = await sql.query<{ n: number }>(SET_PREDICTIONS, [
        projectId,
        predictions.map((p) => p.id),
        predictions.map((p) => JSON.stringify(p.prediction)),
        predictions.map((p) => p.margin),
      ]);
      return rows[0]!.n;
    },

    saveTag(tag) {
      return sql.transaction(async (tx) => {
        if (!(await recordExists(tx, tag.projectId, tag.recordId))) return false;
        await tx.query(SAVE_TAG, [tag.projectId, tag.recordId, tag.annotator, tag.label, tag.timeSpentMs]);
        if (tag.label === null) await tx.query(DROP_GOLD_MIRROR, [tag.projectId, tag.recordId, tag.annotator]);
        else await tx.query(MIRROR_GOLD, [tag.projectId, tag.recordId, tag.label, tag.annotator, tag.timeSpentMs]);
        return true;
      });
    },
    undoLastTag(projectId, annotator) {
      return sql.transaction(async (tx) => {
        const { rows } = await tx.query<{ record_id: string }>(
          `DELETE FROM tagger_tags WHERE (project_id, record_id, annotator) IN (
             SELECT project_id, record_id, annotator FROM tagger_tags WHERE project_id = $1 AND annotator = $2 ORDER BY seq DESC LIMIT 1)
           RETURNING record_id`,
          [projectId, annotator],
        );
        const recordId = rows[0]?.record_id ?? null;
        if (recordId !== null) await tx.query(DROP_GOLD_MIRROR, [projectId, recordId, annotator]);
        return recordId;
      });
    },
    async tagHistory(projectId, annotator, limit): Promise<TaggerDecision[]> {
      const { rows } = await sql.query<{ record_id: string; excerpt: string; label: number | null; time_spent_ms: number | null; at: Date | string }>(
        `SELECT t.record_id, left(r.text, 80) AS excerpt, t.label, t.time_spent_ms, t.at
         FROM tagger_tags t JOIN tagger_records r ON r.project_id = t.project_id AND r.id = t.record_id
         WHERE t.project_id = $1 AND t.annotator = $2 ORDER BY t.seq DESC LIMIT $3`,
        [projectId, annotator, limit],
      );
      return rows.map((r) => ({ recordId: r.record_id, excerpt: r.excerpt, label: r.label, timeSpentMs: r.time_spent_ms, at: new Date(r.at).toISOString() }));
    },
    async progress(projectId, annotator): Promise<TaggerProgress> {
      const { rows } = await sql.query<TaggerProgress>(
        `SELECT (SELECT count(DISTINCT record_id)::int FROM tagger_tags WHERE project_id = $1 AND label IS NOT NULL) AS done,
                (SELECT count(*)::int FROM tagger_records WHERE project_id = $1) AS total,
                (SELECT count(*)::int FROM tagger_tags WHERE project_id = $1 AND annotator = $2) AS mine`,
        [projectId, annotator],
      );
      return rows[0]!;
    },

    async labelledTags(projectId) {
      const { rows } = await sql.query<{
        id: string;
        text: string;
        split: string;
        annotator: string;
        label: number;
        time_spent_ms: number | null;
        res_label: number | null;
        resolved_by: string | null;
      }>(
        `SELECT r.id, r.text, r.split, t.annotator, t.label, t.time_spent_ms, s.label AS res_label, s.resolved_by
         FROM tagger_tags t
         JOIN tagger_records r ON r.project_id = t.project_id AND r.id = t.record_id
         LEFT JOIN tagger_resolutions s ON s.project_id = t.project_id AND s.record_id = t.record_id
         WHERE t.project_id = $1 AND t.label IS NOT NULL
         ORDER BY r.position, t.annotator`,
        [projectId],
      );
      return rows.map((r) => ({
        recordId: r.id,
        text: r.text,
        split: r.split,
        annotator: r.annotator,
        label: r.label,
        timeSpentMs: r.time_spent_ms,
        resolvedLabel: r.res_label,
        resolvedBy: r.resolved_by,
      }));
    },
    async saveResolution(resolution) {
      if (!(await recordExists(sql, resolution.projectId, resolution.recordId))) return false;
      await sql.query(
        `INSERT INTO tagger_resolutions (project_id, record_id, label, resolved_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (project_id, record_id) DO UPDATE SET label = EXCLUDED.label, resolved_by = EXCLUDED.resolved_by, at = now()`,
        [resolution.projectId, resolution.recordId, resolution.label, resolution.resolvedBy],
      );
      return true;
    },

    async nextRecords(query) {
      const { rows } = await sql.query<TaggerStoredRecord>(NEXT_RECORDS(query.ordering), [
        query.projectId,
        query.annotator,
        query.overlap,
        [...query.exclude],
        query.limit,
      ]);
      return rows;
    },
    async getRecord(projectId, recordId) {
      const { rows } = await sql.query<TaggerStoredRecord>(
        'SELECT id, text, metadata, split, hints, prediction FROM tagger_records WHERE project_id = $1 AND id = $2',
        [projectId, recordId],
      );
      return rows[0] ?? null;
    },
  };
}
