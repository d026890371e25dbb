// An annotator's queue: the next records to tag in the project's order, with hints hidden where the project or split says so.

import type { SqlExecutor } from '@skimmer/core';
import type { RecordHints, TaggerProject } from './projects.ts';

/** A record as the annotation screen receives it. */
export interface QueuedRecord {
  id: string;
  text: string;
  metadata: Record<string, unknown>;
  split: string;
  /** Absent when hints are off for the project or the record is in the test split. */
  hints?: { lfVotes?: Record<string, number>; prediction?: number[] };
}

/** ORDER BY clauses by ordering; fixed texts, never built from input. The test split is never ordered by a model. */
const ORDER_BY: Readonly<Record<TaggerProject['ordering'], string>> = {
  sequential: 'r.position',
  random: 'r.random_rank, r.id',
  active: "(r.split = 'test') DESC, CASE WHEN r.split = 'test' THEN r.random_rank END, r.margin ASC NULLS LAST, r.random_rank, r.id",
};

interface QueueRow {
  id: string;
  text: string;
  metadata: Record<string, unknown>;
  split: string;
  hints: RecordHints | null;
  prediction: number[] | null;
}

/**
 * The next `limit` records `annotator` has not decided yet and that still need labels (fewer than `overlap`
 * annotators), skipping ids in `exclude` (those the client already holds). Recomputed on each call, so new
 * predictions and other annotators' tags take effect at once.
 */
export async function nextRecords(
  sql: SqlExecutor,
  project: TaggerProject,
  annotator: string,
  limit: number,
  exclude: readonly string[] = [],
): Promise<QueuedRecord[]> {
  const { rows } = await sql.query<QueueRow>(
    `SELECT r.id, r.text, r.metadata, r.split, r.hints, r.prediction
     FROM tagger_records r
     WHERE r.project_id = $1
       AND NOT EXISTS (SELECT 1 FROM tagger_tags t WHERE t.project_id = r.project_id AND t.record_id = r.id AND t.annotator = $2)
       AND (SELECT count(*) FROM tagger_tags t WHERE t.project_id = r.project_id AND t.record_id = r.id AND t.label IS NOT NULL) < $3
       AND NOT (r.id = ANY($4::text[]))
     ORDER BY ${ORDER_BY[project.ordering]}
     LIMIT $5`,
    [project.id, annotator, project.overlap, [...exclude], limit],
  );
  return rows.map((r) => toQueued(r, project.showHints));
}

function toQueued(r: QueueRow, showHints: boolean): QueuedRecord {
  const record: QueuedRecord = { id: r.id, text: r.text, metadata: r.metadata ?? {}, split: r.split };
  if (showHints && r.split !== 'test' && (r.hints || r.prediction)) {
    record.hints = {};
    if (r.hints?.lfVotes) record.hints.lfVotes = r.hints.lfVotes;
    if (r.prediction) record.hints.prediction = r.prediction.map(Number);
  }
  return record;
}

/** One record by id, shaped like a queued one (used to show a record again after undo). */
export async function queuedRecord(sql: SqlExecutor, project: TaggerProject, recordId: string): Promise<QueuedRecord | null> {
  const { rows } = await sql.query<QueueRow>('SELECT id, text, metadata, split, hints, prediction FROM tagger_records WHERE project_id = $1 AND id = $2', [
    project.id,
    recordId,
  ]);
  return rows[0] ? toQueued(rows[0], project.showHints) : null;
}
