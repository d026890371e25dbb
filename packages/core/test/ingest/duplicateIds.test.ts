// Specification: which copy of a repeated id is stored never depends on the batch boundaries: the first copy wins
// within a batch as the store keeps the first across batches (INSERT … ON CONFLICT DO NOTHING).

import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { ingestBatchHandler, datasetPath } from '@skimmer/core';
import type { ConsumedRecord, IngestBatch, Post } from '@skimmer/core';

const [firstLine] = readFileSync(datasetPath('twitter-v2-twarc-csv', 'streaming_output_with_error.jsonl'), 'utf8').split('\n');

function lineWith(id: string, text: string): string {
  const tweet = JSON.parse(firstLine!) as { data: { id: string; text: string } };
  return JSON.stringify({ ...tweet, data: { ...tweet.data, id, text } });
}

/** 60 records over 20 ids: each id comes three times with different texts. */
const stream: ConsumedRecord[] = Array.from({ length: 60 }, (_, i) => ({
  topic: 'posts',
  partition: 0,
  offset: String(i),
  key: null,
  value: Buffer.from(lineWith(String(500 + (i % 20)), `copy ${Math.floor(i / 20)} of ${500 + (i % 20)}`)),
  headers: {},
}));

/** Stores the stream cut into batches of `size` through the ingest handler into a target that keeps the first row of an id, as the store does. */
async function storedWith(size: number): Promise<Map<string, string>> {
  const rows = new Map<string, string>();
  const target = {
    ingestBatch: async (batch: IngestBatch) => {
      for (const post of batch.posts as Post[]) if (!rows.has(post.id)) rows.set(post.id, post.text);
      return { insertedPosts: batch.posts.length, insertedUrls: 0, deadLetters: 0 };
    },
  };
  const handle = ingestBatchHandler({ target, group: 'g' });
  for (let start = 0; start < stream.length; start += size) {
    const records = stream.slice(start, start + size);
    await handle({ topic: 'posts', partition: 0, lastOffset: records.at(-1)!.offset, heartbeat: async () => {}, records });
  }
  return rows;
}

test('the same stream cut into batches of 1, 7, 20, 25 or 60 records stores the same copy of every id: the first', async () => {
  const expected = new Map(Array.from({ length: 20 }, (_, i) => [String(500 + i), `copy 0 of ${500 + i}`]));
  for (const size of [1, 7, 20, 25, 60]) expect(await storedWith(size), `batches of ${size}`).toEqual(expected);
});
