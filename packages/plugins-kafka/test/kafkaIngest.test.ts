// The Kafka bus with the ingest consumer against a real broker and Postgres: duplicates, URL rows, dead letters, stored offsets.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runIngest, sharedDataPath } from '@skimmer/core';
import type { Source, SourceRecord, Store } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import { replaySource } from '@skimmer/plugins-replay';
import { KafkaBus } from '../src/kafkaBus.ts';
import { kafkaBrokers, privateSchema, uniqueName } from './testServices.ts';

let schema: Awaited<ReturnType<typeof privateSchema>>;
let store: Store;
let bus: KafkaBus;

beforeAll(async () => {
  schema = await privateSchema('kafka_ingest');
  store = await openStore({ url: schema.url, maxConnections: 2 });
  bus = new KafkaBus({ brokers: kafkaBrokers(), sessionTimeoutMs: 3_000, heartbeatIntervalMs: 300 });
});

afterAll(async () => {
  await bus?.close();
  await store?.close();
  await schema?.drop();
});

/** A source that yields the given records once. */
function fixedSource(records: SourceRecord[]): Source {
  return {
    name: 'fixed',
    async *records() {
      yield* records;
    },
  };
}

const streamLine = readFileSync(sharedDataPath('twitter-v2-twarc-csv', 'streaming_output_with_error.jsonl'), 'utf8').split('\n')[0];

describe('KafkaBus + ingest consumer', () => {
  test('a post delivered twice (same id) is stored as one row', async () => {
    await store.sql.query('TRUNCATE raw_posts, post_urls, dead_letters, ingest_offsets');
    const record = { key: '1377650090978992134', value: streamLine, source: 'twitter-v2', cursor: '1' };
    const stats = await runIngest({ source: fixedSource([record, { ...record, cursor: '2' }]), bus, posts: store.posts, topic: uniqueName('dup'), partitions: 2 });
    expect(stats).toMatchObject({ produced: 2, consumed: 2, insertedPosts: 1 });
    expect(await store.posts.countPosts()).toBe(1);
  });

  test('each expanded URL of a post is one post_urls row, and the invalid stream line one dead letter', async () => {
    await store.sql.query('TRUNCATE raw_posts, post_urls, dead_letters, ingest_offsets');
    const topic = uniqueName('urls');
    const source = replaySource({ files: [sharedDataPath('twitter-v2-twarc-csv', 'streaming_output_with_error.jsonl'), sharedDataPath('twitter-v2-twarc-csv', 'many_urls.jsonl')] });
    const stats = await runIngest({ source, bus, posts: store.posts, topic, partitions: 3 });
    const { rows } = await store.sql.query<{ post_id: string; expanded_url: string }>(
      `SELECT post_id, expanded_url FROM post_urls WHERE post_id IN ('1377650090978992134', '1610692575752601600') ORDER BY post_id, expanded_url`,
    );
    expect(rows).toEqual([
      { post_id: '1377650090978992134', expanded_url: 'https://twitter.com/Manie_DS/status/1377640162566496258' },
      { post_id: '1610692575752601600', expanded_url: 'https://uiadrian.gumroad.com/l/web-design-guide/?offer_code=twk0uc9f7' },
    ]);
    expect(stats).toMatchObject({ produced: 9, consumed: 9, insertedPosts: 8, deadLetters: 1 });
    const [letter] = await store.posts.listDeadLetters();
    expect(letter.source).toBe('replay:streaming_output_with_error.jsonl');
    expect(letter.error).toMatch(/is not valid JSON/);
    const stored = await store.posts.readOffsets('skimmer-ingest', topic);
    expect(stored.reduce((sum, o) => sum + Number(o.nextOffset), 0)).toBe(9);
  });
});
