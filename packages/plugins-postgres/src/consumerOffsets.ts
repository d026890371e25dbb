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

// A position row for each partition that has none, at 0, so that writers of a partition's first batch take turns too.
const ENSURE_POSITIONS = `
INSERT INTO ingest_offsets (consumer_group, topic, partition, next_offset)
SELECT consumer_group, topic, partition, 0 FROM unnest($1::text[], $2::text[], $3::int[]) AS b(consumer_group, topic, partition)
ON CONFLICT (consumer_group, topic, partition) DO NOTHING`;

// Locks the stored positions of the batch's partitions until the transaction ends (writers of one partition take turns).
const LOCK_POSITIONS = `
SELECT o.consumer_group, o.topic, o.partition, o.next_offset::text AS next_offset
FROM ingest_offsets o
JOIN unnest($1::text[], $2::text[], $3::int[]) AS b(consumer_group, topic, partition)
  ON o.consumer_group = b.consumer_group AND o.topic = b.topic AND o.partition = b.partition
FOR UPDATE OF o`;

const keyOf = (consumerGroup: string, topic: string, partition: number): string => JSON.stringify([consumerGroup, topic, partition]);

/** The largest `offset + 1` per (group, topic, partition) of `updates`. */
function latestPerPartition(updates: readonly OffsetUpdate[]): { update: OffsetUpdate; next: bigint }[] {
  const latest = new Map<string, { update: OffsetUpdate; next: bigint }>();
  for (const update of updates) {
    const next = parseOffset(update) + 1n;
    const key = keyOf(update.consumerGroup, update.topic, update.partition);
    const seen = latest.get(key);
    if (!seen || seen.next < next) latest.set(key, { update, next });
  }
  return [...latest.values()];
}

function offsetParams(rows: readonly { update: OffsetUpdate; next: bigint }[]): unknown[] {
  return [rows.map((r) => r.update.consumerGroup), rows.map((r) => r.update.topic), rows.map((r) => r.update.partition), rows.map((r) => r.next.toString())];
}

/** A partition's stored position, locked, against the latest update of a batch. */
interface LockedPosition {
  update: OffsetUpdate;
  /** Where the position is stored (0 when it never was). */
  stored: bigint;
  /** The update's record was stored already: the stored position is past its offset. */
  past: boolean;
}

/**
 * Locks the stored positions of `updates`' partitions until the transaction ends and returns each partition's latest
 * update with its position (partitions in the order of their first update). With `create`, a partition that has no
 * stored position gets one at 0 first, so that writers of its first batch take turns too.
 */
export async function lockPositions(tx: SqlExecutor, updates: readonly OffsetUpdate[], { create = false } = {}): Promise<LockedPosition[]> {
  const rows = latestPerPartition(updates);
  const params = offsetParams(rows).slice(0, 3);
  if (create) await tx.query(ENSURE_POSITIONS, params);
  const locked = (await tx.query<{ consumer_group: string; topic: string; partition: number; next_offset: string }>(LOCK_POSITIONS, params)).rows;
  const storedAt = new Map(locked.map((r) => [keyOf(r.consumer_group, r.topic, r.partition), BigInt(r.next_offset)]));
  return rows.map(({ update, next }) => {
    const stored = storedAt.get(keyOf(update.consumerGroup, update.topic, update.partition)) ?? 0n;
    return { update, stored, past: stored >= next };
  });
}

/**
 * True when every update's offset is below its stored position: the records they cover were stored already (a
 * redelivery). Locks those positions until the transaction ends. False for no updates.
 */
export async function offsetsStoredPast(tx: SqlExecutor, updates: readonly OffsetUpdate[]): Promise<boolean> {
  if (updates.length === 0) return false;
  return (await lockPositions(tx, updates)).every((p) => p.past);
}

/** Stores `offset + 1` per (group, topic, partition), keeping the larger when a key repeats or an older update arrives. */
export async function advanceOffsets(tx: SqlExecutor, updates: readonly OffsetUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const rows = latestPerPartition(updates);
  await tx.query(ADVANCE, offsetParams(rows));
}

/** Where `consumerGroup` resumes on each partition of `topic` it has stored (partitions in order). */
export async function readOffsets(sql: SqlExecutor, consumerGroup: string, topic: string): Promise<OffsetPosition[]> {
  const { rows } = await sql.query<{ partition: number; next_offset: string }>(
    'SELECT partition, next_offset::text AS next_offset FROM ingest_offsets WHERE consumer_group = $1 AND topic = $2 ORDER BY partition',
    [consumerGroup, topic],
  );
  return rows.map((r) => ({ partition: r.partition, nextOffset: r.next_offset }));
}
