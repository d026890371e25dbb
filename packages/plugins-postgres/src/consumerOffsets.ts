// Consumer offsets in ingest_offsets: written in the same transaction as the rows they cover, and only ever moved forward.

import { DataError } from '@skimmer/core';
import type { OffsetPosition, OffsetUpdate, SqlExecutor } from '@skimmer/core';

const ADVANCE = `
INSERT INTO ingest_offsets (consumer_group, topic, partition, next_offset)
SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[])
ON CONFLICT (consumer_group, topic, partition)
DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()
WHERE ingest_offsets.next_offset < EXCLUDED.next_offset`;

function parseOffset(update: OffsetUpdate): bigint {
  const text = String(update.offset);
  if (!/^\d+$/.test(text)) {
    throw new DataError(`offset ${JSON.stringify(update.offset)} of ${update.topic}[${update.partition}] must be a non-negative integer`, {
      record: `${update.consumerGroup}/${update.topic}/${update.partition}`,
      field: 'offset',
    });
  }
  return BigInt(text);
}

/** Stores `offset + 1` per (group, topic, partition), keeping the larger when a key repeats or an older update arrives. */
export async function advanceOffsets(tx: SqlExecutor, updates: readonly OffsetUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const latest = new Map<string, { update: OffsetUpdate; next: bigint }>();
  for (const update of updates) {
    const next = parseOffset(update) + 1n;
    const key = JSON.stringify([update.consumerGroup, update.topic, update.partition]);
    const seen = latest.get(key);
    if (!seen || seen.next < next) latest.set(key, { update, next });
  }
  const rows = [...latest.values()];
  await tx.query(ADVANCE, [
    rows.map((r) => r.update.consumerGroup),
    rows.map((r) => r.update.topic),
    rows.map((r) => r.update.partition),
    rows.map((r) => r.next.toString()),
  ]);
}

/** Where `consumerGroup` resumes on each partition of `topic` it has stored (partitions in order). */
export async function readOffsets(sql: SqlExecutor, consumerGroup: string, topic: string): Promise<OffsetPosition[]> {
  const { rows } = await sql.query<{ partition: number; next_offset: string }>(
    'SELECT partition, next_offset::text AS next_offset FROM ingest_offsets WHERE consumer_group = $1 AND topic = $2 ORDER BY partition',
    [consumerGroup, topic],
  );
  return rows.map((r) => ({ partition: r.partition, nextOffset: r.next_offset }));
}
