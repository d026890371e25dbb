// Specification: which copy of a repeated id is stored never depends on the batch boundaries: the last copy in bus order
// wins within a batch (decodeBatch, prepareIngestBatch) as the store replaces a stored post with a later batch's copy.

import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { ingestBatchHandler, datasetPath, prepareIngestBatch } from '@skimmer/core';
import type { ConsumedRecord, IngestBatch, Post, PreparedPostsWriterFactory } from '@skimmer/core';
import { twitterPostDecoders } from '@skimmer/plugins-twitter';

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

/** Stores the stream cut into batches of `size` through the ingest handler into a target that replaces the row of an id, as the store does. */
async function storedWith(size: number): Promise<Map<string, string>> {
  const rows = new Map<string, string>();
  const target = {
    ingestBatch: async (batch: IngestBatch) => {
      const posts = new Set<string>();
      for (const post of batch.posts as Post[]) {
        expect(posts.has(post.id), `id ${post.id} twice in one batch`).toBe(false);
        posts.add(post.id);
        rows.set(post.id, post.text);
      }
      return { insertedPosts: batch.posts.length, insertedUrls: 0, deadLetters: 0 };
    },
  };
  const handle = ingestBatchHandler({ decoders: twitterPostDecoders, target, group: 'g' });
  for (let start = 0; start < stream.length; start += size) {
    const records = stream.slice(start, start + size);
    await handle({ topic: 'posts', partition: 0, lastOffset: records.at(-1)!.offset, heartbeat: async () => {}, records });
  }
  return rows;
}

const lastCopies = new Map(Array.from({ length: 20 }, (_, i) => [String(500 + i), `copy 2 of ${500 + i}`]));

test('the same stream cut into batches of any size from 1 to 60 records stores the same copy of every id: the last', async () => {
  for (let size = 1; size <= 60; size++) expect(await storedWith(size), `batches of ${size}`).toEqual(lastCopies);
});

test("prepared rows (the decode workers' path) of a batch carry the last copy of every id, in steps or whole", () => {
  // A writer that records what it is given: the store's preparer formats exactly these posts.
  const writer: PreparedPostsWriterFactory = () => {
    const posts: Post[] = [];
    return {
      add: (post) => void posts.push(post),
      finish: () => ({ prepared: { format: 'test', posts: posts.length, rows: posts }, transfer: [] }),
    };
  };
  for (const size of [1, 7, 20, 25, 60]) {
    const stored = new Map<string, string>();
    for (let start = 0; start < stream.length; start += size) {
      const rows = prepareIngestBatch(stream.slice(start, start + size), 'bus', writer, undefined, twitterPostDecoders).prepared.rows as Post[];
      expect(new Set(rows.map((p) => p.id)).size, `batches of ${size}`).toBe(rows.length);
      for (const post of rows) stored.set(post.id, post.text);
    }
    expect(stored, `batches of ${size}`).toEqual(lastCopies);
  }
});
