// Source cursors in ingest_source_cursors: where ingest resumes a source on a bus that does not persist, written with the rows.

import type { SourceCursorUpdate, SqlExecutor } from '@skimmer/core';

const UPSERT = `
INSERT INTO ingest_source_cursors (consumer_group, topic, cursor) VALUES ($1, $2, $3)
ON CONFLICT (consumer_group, topic) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()`;

/** Stores `update.cursor` as where (group, topic) resumes its source, replacing the last one (cursors are opaque: no order). */
export async function storeSourceCursor(tx: SqlExecutor, update: SourceCursorUpdate | undefined): Promise<void> {
  if (update === undefined) return;
  await tx.query(UPSERT, [update.consumerGroup, update.topic, update.cursor]);
}

/** The stored source cursor of (group, topic), or null before its first batch. */
export async function readSourceCursor(sql: SqlExecutor, consumerGroup: string, topic: string): Promise<string | null> {
  const { rows } = await sql.query<{ cursor: string }>('SELECT cursor FROM ingest_source_cursors WHERE consumer_group = $1 AND topic = $2', [
    consumerGroup,
    topic,
  ]);
  return rows[0]?.cursor ?? null;
}
