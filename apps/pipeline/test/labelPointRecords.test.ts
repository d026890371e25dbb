// Specification of how distributed labelling reads bus records: published data points as they are, ingest's posts decoded as ingest decodes them, anything else skipped.

import { expect, test } from 'vitest';
import type { ConsumedRecord } from '@skimmer/core';
import { pointRecord, recordPoints } from '../src/distributed/pointRecords.ts';

const consumed = (offset: number, value: string, headers: Record<string, string> = {}): ConsumedRecord => ({
  topic: 'posts',
  partition: 1,
  offset: String(offset),
  key: null,
  value: new TextEncoder().encode(value),
  headers,
});

test('a published point comes back as it was, a post as the data point ingest would store, a bad record is skipped', () => {
  const published = pointRecord({ id: 'p1', text: 'check out my channel', extra: 3 });
  expect(published.key).toBe('p1');
  const records = [
    consumed(7, String(published.value), published.headers),
    consumed(8, JSON.stringify({ id: 'r1', text: 'great song', created_at: '2021-04-01T15:52:31.000Z' }), { source: 'replay:a.jsonl' }),
    consumed(9, 'not json'),
    consumed(10, '{"id": 5}', published.headers),
  ];
  const { points, skipped } = recordPoints(records, []);
  expect(skipped).toBe(2);
  expect(points.map((p) => p.offset)).toEqual(['7', '8']);
  expect(points[0].point).toEqual({ id: 'p1', text: 'check out my channel', extra: 3 });
  expect(points[1].point).toMatchObject({ id: 'r1', text: 'great song', source: 'replay:a.jsonl', createdAt: '2021-04-01T15:52:31.000Z' });
});
