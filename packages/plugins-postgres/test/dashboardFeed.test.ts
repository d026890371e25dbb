// The dashboard's feed: a model's relevant posts newest first by the post's creation time (not by when they were classified), read through an index.

import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Store } from '@skimmer/core';
import { openStore } from '../src/index.ts';

let store: Store;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
});
afterAll(async () => store?.close());

const post = (id: string, createdAt: string) => ({ id, createdAt, text: `post ${id}`, source: 'test', expandedUrls: [], mediaUrls: [] });

test('lists the latest posts first, ties by id, whatever order they were classified in', async () => {
  // classified newest-first (as GPT.csv is read): the oldest posts get the latest prediction times
  const batches = [
    [post('p5', '2024-05-06T17:35:00.000Z'), post('p4', '2024-05-06T17:20:00.000Z'), post('p3b', '2024-05-06T17:10:00.000Z')],
    [post('p3a', '2024-05-06T17:10:00.000Z'), post('p2', '2024-05-06T17:02:00.000Z'), post('p1', '2024-05-06T17:01:00.000Z')],
  ];
  for (const [i, posts] of batches.entries()) {
    await store.predictions.saveBatch({
      posts: posts as never,
      predictions: posts.map((p) => ({ postId: p.id, modelId: 'm', label: p.id === 'p4' ? 0 : 1, probability: 0.9 })),
    });
    await store.sql.query('UPDATE predictions SET at = $1 WHERE post_id = ANY($2)', [`2024-05-06T18:0${i}:00Z`, posts.map((p) => p.id)]);
  }
  const feed = await store.dashboard.relevantFeed('m', 1, 4);
  expect(feed.map((f) => [f.id, f.createdAt])).toEqual([
    ['p5', '2024-05-06T17:35:00.000Z'],
    ['p3b', '2024-05-06T17:10:00.000Z'],
    ['p3a', '2024-05-06T17:10:00.000Z'],
    ['p2', '2024-05-06T17:02:00.000Z'],
  ]);
});

test('an index on (created_at, id) gives that order without sorting the posts', async () => {
  await store.sql.query('SET enable_seqscan = off');
  const { rows } = await store.sql.query<{ 'QUERY PLAN': string }>('EXPLAIN SELECT id FROM raw_posts ORDER BY created_at DESC, id DESC LIMIT 20');
  await store.sql.query('RESET enable_seqscan');
  const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
  expect(plan).toMatch(/Index (Only )?Scan Backward using raw_posts_created_at_id on raw_posts/);
  expect(plan).not.toContain('Sort');
});
