// Tag decisions: record a label or a skip durably (in the request's transaction), undo the last one, history and progress.

import { DataError } from '@skimmer/core';
import type { SqlExecutor } from '@skimmer/core';
import type { TaggerProject } from './projects.ts';

/** A decision of one annotator on one record; `label` null means skipped. */
export interface TagDecision {
  recordId: string;
  /** The record's first 80 characters, for the history list. */
  excerpt: string;
  label: number | null;
  timeSpentMs: number | null;
  at: string;
}

/** How far a project is: records with at least one label, all records, and this annotator's decisions. */
export interface Progress {
  done: number;
  total: number;
  mine: number;
}

/** Undo reaches back this many decisions; the history shows them. */
export const HISTORY_LENGTH = 10;

/**
 * Stores a decision and mirrors labels into the store's `gold_labels` (dataset = project id), in one transaction;
 * a skip removes the mirrored label. Throws a DataError for an unknown record or a label outside the project.
 */
export async function recordTag(
  sql: SqlExecutor,
  project: TaggerProject,
  annotator: string,
  decision: { recordId: string; label: number | null; timeSpentMs?: number | null },
): Promise<void> {
  const { recordId, label } = decision;
  if (label !== null && !project.labels.some((l) => l.index === label)) {
    throw new DataError(`label ${label} is not one of project ${project.id}'s label indexes (${project.labels.map((l) => l.index).join(', ')})`, {
      record: recordId,
      field: 'label',
      value: label,
    });
  }
  const timeSpent =
    typeof decision.timeSpentMs === 'number' && Number.isFinite(decision.timeSpentMs)
      ? Math.max(0, Math.min(2 ** 31 - 1, Math.round(decision.timeSpentMs)))
      : null;
  await sql.transaction(async (tx) => {
    const { rows } = await tx.query('SELECT 1 FROM tagger_records WHERE project_id = $1 AND id = $2', [project.id, recordId]);
    if (rows.length === 0) throw new DataError(`record ${JSON.stringify(recordId)} is not in project ${project.id}`, { record: recordId, field: 'recordId' });
    await tx.query(
      `INSERT INTO tagger_tags (project_id, record_id, annotator, label, time_spent_ms) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (project_id, record_id, annotator) DO UPDATE SET label = EXCLUDED.label, time_spent_ms = EXCLUDED.time_spent_ms, at = now(), seq = DEFAULT`,
      [project.id, recordId, annotator, label, timeSpent],
    );
    if (label === null) {
      await tx.query('DELETE FROM gold_labels WHERE dataset = $1 AND item_id = $2 AND annotator = $3', [project.id, recordId, annotator]);
    } else {
      await tx.query(
        `INSERT INTO gold_labels (dataset, item_id, label, annotator, time_spent_ms) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (dataset, item_id, annotator) DO UPDATE SET label = EXCLUDED.label, time_spent_ms = EXCLUDED.time_spent_ms, at = now()`,
        [project.id, recordId, label, annotator, timeSpent],
      );
    }
  });
}

/**
 * Removes the annotator's most recent decision if it is among the last HISTORY_LENGTH; returns its record id,
 * or null when there is nothing to undo.
 */
export async function undoLastTag(sql: SqlExecutor, projectId: string, annotator: string): Promise<string | null> {
  return sql.transaction(async (tx) => {
    const { rows } = await tx.query<{ record_id: string }>(
      `DELETE FROM tagger_tags WHERE (project_id, record_id, annotator) IN (
         SELECT project_id, record_id, annotator FROM tagger_tags WHERE project_id = $1 AND annotator = $2 ORDER BY seq DESC LIMIT 1)
       RETURNING record_id`,
      [projectId, annotator],
    );
    const recordId = rows[0]?.record_id ?? null;
    if (recordId !== null) await tx.query('DELETE FROM gold_labels WHERE dataset = $1 AND item_id = $2 AND annotator = $3', [projectId, recordId, annotator]);
    return recordId;
  });
}

/** The annotator's last HISTORY_LENGTH decisions, newest first. */
export async function tagHistory(sql: SqlExecutor, projectId: string, annotator: string): Promise<TagDecision[]> {
  const { rows } = await sql.query<{ record_id: string; excerpt: string; label: number | null; time_spent_ms: number | null; at: Date | string }>(
    `SELECT t.record_id, left(r.text, 80) AS excerpt, t.label, t.time_spent_ms, t.at
     FROM tagger_tags t JOIN tagger_records r ON r.project_id = t.project_id AND r.id = t.record_id
     WHERE t.project_id = $1 AND t.annotator = $2 ORDER BY t.seq DESC LIMIT $3`,
    [projectId, annotator, HISTORY_LENGTH],
  );
  return rows.map((r) => ({ recordId: r.record_id, excerpt: r.excerpt, label: r.label, timeSpentMs: r.time_spent_ms, at: new Date(r.at).toISOString() }));
}

/** Progress of a project for one annotator. */
export async function projectProgress(sql: SqlExecutor, projectId: string, annotator: string): Promise<Progress> {
  const { rows } = await sql.query<Progress>(
    `SELECT (SELECT count(DISTINCT record_id)::int FROM tagger_tags WHERE project_id = $1 AND label IS NOT NULL) AS done,
            (SELECT count(*)::int FROM tagger_records WHERE project_id = $1) AS total,
            (SELECT count(*)::int FROM tagger_tags WHERE project_id = $1 AND annotator = $2) AS mine`,
    [projectId, annotator],
  );
  return rows[0]!;
}
