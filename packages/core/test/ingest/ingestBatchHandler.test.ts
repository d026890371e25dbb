// Specification: the ingest handler retries a failing store write, but a failing heartbeat (the member lost its
// partitions in a rebalance or was evicted) gives the batch up at once, so the bus can rejoin the group.

import { expect, test } from 'vitest';
import { ingestBatchHandler } from '@skimmer/core';
import type { ConsumedBatch, IngestBatch } from '@skimmer/core';
import { twitterPostDecoders } from '@skimmer/plugins-twitter';

const record = { topic: 'posts', partition: 0, offset: '7', key: null, value: Buffer.from('{"id":"1"}'), headers: {} };

function batchWith(heartbeat: () => Promise<void>): ConsumedBatch {
  return { topic: 'posts', partition: 0, lastOffset: '7', records: [record], heartbeat };
}

test('a store write that fails twice is retried and stored once, with a heartbeat before each try', async () => {
  let tries = 0;
  let heartbeats = 0;
  const target = {
    ingestBatch: async (_batch: IngestBatch) => {
      if (++tries < 3) throw new Error('connection reset');
      return { insertedPosts: 0, insertedUrls: 0, deadLetters: 1 };
    },
  };
  const handle = ingestBatchHandler({ decoders: twitterPostDecoders, target, group: 'g', retries: 5, retryDelayMs: 1 });
  await handle(batchWith(async () => void heartbeats++));
  expect({ tries, heartbeats }).toEqual({ tries: 3, heartbeats: 3 });
});

test('a failing heartbeat is not retried: the batch is given up at once and nothing is written', async () => {
  let writes = 0;
  let heartbeats = 0;
  const target = {
    ingestBatch: async (_batch: IngestBatch) => {
      writes++;
      return { insertedPosts: 0, insertedUrls: 0, deadLetters: 0 };
    },
  };
  const handle = ingestBatchHandler({ decoders: twitterPostDecoders, target, group: 'g', retries: 40, retryDelayMs: 1 });
  const evicted = batchWith(async () => {
    heartbeats++;
    throw new Error('The coordinator is not aware of this member');
  });
  await expect(handle(evicted)).rejects.toThrow('not aware of this member');
  expect({ heartbeats, writes }).toEqual({ heartbeats: 1, writes: 0 });
});
