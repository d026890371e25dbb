// The store's payload limits reach every decoder: a record Postgres jsonb would refuse is a dead letter, in a decode worker, on the consumer's thread and in the classifier.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeBatch, IngestDecodePool, ingestBatchHandler } from '@skimmer/core';
import type { ConsumedBatch, ConsumedRecord, Store } from '@skimmer/core';
import { openStore } from '../src/openStore.ts';
import { postgresPostPreparer } from '../src/postPreparer.ts';
import { twitterPostDecoders } from '@skimmer/plugins-twitter';

const GOOD = '{"data":{"id":"1","text":"fine \\ud83d\\ude00","created_at":"2021-04-01T15:52:31.000Z"}}';
const CUT = '{"data":{"id":"2","text":"cut \\ud83d","created_at":"2021-04-01T15:52:31.000Z"}}';
const WHY = 'record posts/0/1: an unpaired UTF-16 surrogate escape (\\ud83d), which Postgres jsonb rejects';

const records: ConsumedRecord[] = [GOOD, CUT].map((line, i) => ({
  topic: 'posts',
  partition: 0,
  offset: String(i),
  key: null,
  value: Buffer.from(line, 'utf8'),
  headers: {},
}));

let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
});
afterAll(async () => {
  await store?.close();
});

describe('payload limits of the Postgres store', () => {
  test('decodeBatch dead-letters what store.posts and store.predictions refuse, and keeps it without them', () => {
    for (const part of [store.posts, store.predictions]) {
      const { posts, deadLetters } = decodeBatch(records, 'bus', (text) => part.payloadProblem!(text), twitterPostDecoders);
      expect(posts.map((p) => p.id)).toEqual(['1']);
      expect(deadLetters.map((d) => d.error)).toEqual([WHY]);
    }
    expect(decodeBatch(records, 'bus', undefined, twitterPostDecoders).posts.map((p) => p.id)).toEqual(['1', '2']);
  });

  test.each([0, 1])('a decode pool with %i workers loads the check from the preparer module', async (workers) => {
    const pool = await IngestDecodePool.start(postgresPostPreparer, { decoders: twitterPostDecoders, workers });
    try {
      const { prepared, deadLetters } = await pool.decode({ topic: 'posts', partition: 0, records }, 'bus');
      expect(prepared.posts).toBe(1);
      expect(deadLetters.map((d) => d.error)).toEqual([WHY]);
    } finally {
      await pool.close();
    }
  });

  test('the consumer stores the good post and the dead letter, with the offset, in one batch', async () => {
    const handle = ingestBatchHandler({ decoders: twitterPostDecoders, target: store.posts, group: 'g' });
    const batch: ConsumedBatch = { topic: 'posts', partition: 0, records, lastOffset: '1', heartbeat: async () => {} };
    await handle(batch);
    expect(await store.posts.countPosts()).toBe(1);
    expect((await store.posts.listDeadLetters()).map((d) => d.error)).toEqual([WHY]);
    expect(await store.posts.readOffsets('g', 'posts')).toEqual([{ partition: 0, nextOffset: '2' }]);
  });
});
