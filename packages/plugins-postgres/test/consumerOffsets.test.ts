// Specification of the stored positions' lock (PGlite in memory): one rule says whether a batch was stored already, for ingest batches and distributed labelling's vote batches alike.

import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Store } from '@skimmer/core';
import { advanceOffsets, lockPositions, offsetsStoredPast } from '../src/consumerOffsets.ts';
import { openStore } from '../src/openStore.ts';

let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
});
afterAll(async () => store?.close());

const at = (partition: number, offset: number) => ({ consumerGroup: 'g', topic: 't', partition, offset });
const positions = async () =>
  (await store.sql.query<{ partition: number; next: string }>('SELECT partition, next_offset::text AS next FROM ingest_offsets ORDER BY partition')).rows;

test('a batch is stored past once its position is beyond its latest offset; a partition never stored is not, and gets a position only when asked', async () => {
  await store.sql.transaction((tx) => advanceOffsets(tx, [at(0, 4)]));
  const locked = await store.sql.transaction((tx) => lockPositions(tx, [at(0, 3), at(0, 4), at(1, 0), at(0, 1)]));
  expect(locked.map(({ update, stored, past }) => [update.partition, update.offset, stored, past])).toEqual([
    [0, 4, 5n, true],
    [1, 0, 0n, false],
  ]);
  expect(await positions()).toEqual([{ partition: 0, next: '5' }]);
  expect(await store.sql.transaction((tx) => offsetsStoredPast(tx, [at(0, 4)]))).toBe(true);
  expect(await store.sql.transaction((tx) => offsetsStoredPast(tx, [at(0, 4), at(0, 5)]))).toBe(false);
  expect(await store.sql.transaction((tx) => offsetsStoredPast(tx, [at(0, 2), at(1, 0)]))).toBe(false);
  expect(await store.sql.transaction((tx) => offsetsStoredPast(tx, []))).toBe(false);
  const created = await store.sql.transaction((tx) => lockPositions(tx, [at(1, 0)], { create: true }));
  expect(created.map((p) => [p.stored, p.past])).toEqual([[0n, false]]);
  expect(await positions()).toEqual([
    { partition: 0, next: '5' },
    { partition: 1, next: '0' },
  ]);
});
