// Specification of the ingest decode pool: worker threads (or none) that decode batches into a store's rows give what
// prepareIngestBatch gives on the calling thread, report a refused post as a DataError, and stop cleanly.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, DataError, IngestDecodePool, defaultDecodeWorkerCount, prepareIngestBatch, runIngestConsumer, datasetPath } from '@skimmer/core';
import type { Bus, ConsumedBatch, ConsumedRecord, PreparedBatch } from '@skimmer/core';
import { preparedPostsWriter, summariesOf, summaryPostPreparer } from '../fixtures/summaryPostPreparer.ts';
import { twitterPostDecoders } from '@skimmer/plugins-twitter';

const streamLines = readFileSync(datasetPath('twitter-v2-twarc-csv', 'streaming_output_with_error.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l !== '');
const badLine = streamLines.at(-1)!;

function lineWith(id: string, text: string): string {
  const tweet = JSON.parse(streamLines[0]) as { data: { id: string; text: string } };
  return JSON.stringify({ ...tweet, data: { ...tweet.data, id, text } });
}

/** A batch of `n` records of partition `partition`, every 50th the invalid stream line; record values are views of one buffer, as Kafka's are. */
function batchOf(partition: number, n: number, text = (i: number) => `post ${partition}/${i}`): Pick<ConsumedBatch, 'topic' | 'partition' | 'records'> {
  const values = Array.from({ length: n }, (_, i) =>
    Buffer.from(i % 50 === 49 ? badLine : lineWith(`${partition}${String(i).padStart(6, '0')}`, text(i)), 'utf8'),
  );
  const fetched = Buffer.concat(values);
  let at = 0;
  const records: ConsumedRecord[] = values.map((v, i) => {
    const value = fetched.subarray(at, at + v.length);
    at += v.length;
    return { topic: 'posts', partition, offset: String(i), key: null, value, headers: i % 3 ? { source: 'replay:x' } : ({} as Record<string, string>) };
  });
  return { topic: 'posts', partition, records };
}

/** Prepared posts as their summaries, and dead letters with their bytes as text (a Buffer here, a Uint8Array from a worker). */
function comparable({ prepared, deadLetters }: PreparedBatch) {
  return { posts: summariesOf(prepared), deadLetters: deadLetters.map((d) => ({ ...d, raw: Buffer.from(d.raw).toString('utf8') })) };
}

/** What the calling thread prepares from a batch. */
function inline(batch: Pick<ConsumedBatch, 'topic' | 'partition' | 'records'>) {
  return comparable(prepareIngestBatch(batch.records, 'bus', preparedPostsWriter, undefined, twitterPostDecoders));
}

describe.each([0, 1, 2])('IngestDecodePool with %i worker threads', (workers) => {
  let pool: IngestDecodePool;
  beforeAll(async () => {
    pool = await IngestDecodePool.start(summaryPostPreparer, { decoders: twitterPostDecoders, workers });
  });
  afterAll(() => pool?.close());

  test('a batch of 300 records prepares the posts and dead letters of prepareIngestBatch; dead letters hold only their own bytes', async () => {
    const batch = batchOf(0, 300);
    const result = await pool.decode(batch, 'bus');
    const { prepared, deadLetters } = result;
    expect(pool.size).toBe(workers);
    expect(prepared.format).toBe('test-summary-lines');
    expect(prepared.posts).toBe(294);
    expect(comparable(result)).toEqual(inline(batch));
    expect(deadLetters.map((d) => [d.partition, d.offset, d.source, d.raw.byteLength])).toEqual(
      [49, 99, 149, 199, 249, 299].map((i) => [0, String(i), i % 3 ? 'replay:x' : 'bus', Buffer.byteLength(badLine)]),
    );
  });

  test('batches of three partitions decoded at once each get their own result', async () => {
    const batches = [1, 2, 3].map((p) => batchOf(p, 120));
    const results = await Promise.all(batches.map((b) => pool.decode(b, 'bus')));
    expect(results.map(comparable)).toEqual(batches.map(inline));
  });

  test('a post the preparer refuses rejects its batch with a DataError naming the post; the next batch is prepared', async () => {
    const refused = batchOf(4, 10, (i) => (i === 3 ? 'refuse me' : `post ${i}`));
    const error = await pool.decode(refused, 'bus').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ message: 'post 4000003: text is refused', context: { record: '4000003', field: 'text' } });
    expect((await pool.decode(batchOf(5, 3), 'bus')).prepared.posts).toBe(3);
  });
});

describe('IngestDecodePool when a worker dies', () => {
  const exiting = (partition: number) => batchOf(partition, 5, (i) => (i === 2 ? 'exit me' : `post ${i}`));

  test('the batch the worker held rejects; the next batch is decoded by its replacement', async () => {
    const pool = await IngestDecodePool.start(summaryPostPreparer, { decoders: twitterPostDecoders, workers: 1 });
    try {
      await expect(pool.decode(exiting(7), 'bus')).rejects.toMatchObject({ code: 'INGEST_DECODE_WORKER_EXIT', context: { code: 3 } });
      expect((await pool.decode(batchOf(8, 4), 'bus')).prepared.posts).toBe(4);
      expect(pool.broken.aborted).toBe(false);
    } finally {
      await pool.close();
    }
  });

  test('replacements that keep dying without decoding a batch break the pool: broken aborts and later batches reject', async () => {
    const pool = await IngestDecodePool.start(summaryPostPreparer, { decoders: twitterPostDecoders, workers: 1 });
    try {
      for (let death = 0; death < 4; death++) await expect(pool.decode(exiting(9), 'bus')).rejects.toMatchObject({ code: 'INGEST_DECODE_WORKER_EXIT' });
      expect(pool.broken.aborted).toBe(true);
      expect(pool.broken.reason).toMatchObject({
        code: 'INGEST_DECODE_POOL_BROKEN',
        message: 'ingest decode workers keep dying (an ingest decode worker exited with code 3)',
      });
      await expect(pool.decode(batchOf(10, 2), 'bus')).rejects.toBe(pool.broken.reason);
    } finally {
      await pool.close();
    }
  });

  test('a worker that dies while the others still start is replaced, and batches after the start are decoded', async () => {
    process.env.SKIMMER_TEST_EXIT_LOCK = path.join(mkdtempSync(path.join(tmpdir(), 'skimmer-pool-')), 'first');
    const module = new URL('../fixtures/lateExitPostPreparer.ts', import.meta.url).href;
    const pool = await IngestDecodePool.start({ module, format: 'test-summary-lines' }, { decoders: twitterPostDecoders, workers: 2 });
    try {
      const results = await Promise.all([11, 12, 13].map((p) => pool.decode(batchOf(p, 3), 'bus')));
      expect(results.map((r) => r.prepared.posts)).toEqual([3, 3, 3]);
    } finally {
      await pool.close();
      delete process.env.SKIMMER_TEST_EXIT_LOCK;
    }
  });
});

describe('IngestDecodePool start and stop', () => {
  test('a module without preparedPostsWriter fails the start with a ConfigError, in a worker and on this thread', async () => {
    const module = new URL('../fixtures/noPostPreparer.ts', import.meta.url).href;
    for (const workers of [1, 0]) {
      const error = await IngestDecodePool.start({ module, format: 'x' }, { decoders: twitterPostDecoders, workers }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe(`preparer.module: ${module} exports no preparedPostsWriter function`);
    }
  });

  test('a negative or fractional worker count is a ConfigError', async () => {
    await expect(IngestDecodePool.start(summaryPostPreparer, { decoders: twitterPostDecoders, workers: -1 })).rejects.toThrow(
      'decodeWorkers: decode workers must be an integer >= 0, got -1',
    );
    await expect(IngestDecodePool.start(summaryPostPreparer, { decoders: twitterPostDecoders, workers: 1.5 })).rejects.toBeInstanceOf(ConfigError);
  });

  test('after close, decode rejects', async () => {
    const pool = await IngestDecodePool.start(summaryPostPreparer, { decoders: twitterPostDecoders, workers: 1 });
    await pool.close();
    await expect(pool.decode(batchOf(6, 1), 'bus')).rejects.toMatchObject({ code: 'INGEST_DECODE_POOL_CLOSED' });
  });

  test('the default is one worker fewer than the cores, at most 4, none on one core', () => {
    expect([1, 2, 3, 8, 64].map((cores) => defaultDecodeWorkerCount(cores))).toEqual([0, 1, 2, 4, 4]);
  });
});

describe('runIngestConsumer with a decode pool that breaks', () => {
  test('the run stops and throws INGEST_DECODE_POOL_BROKEN, even on a bus that retries a failed batch for ever (as kafkajs restarts)', async () => {
    const batch = { ...batchOf(14, 3, () => 'exit me'), lastOffset: '2', heartbeat: async () => undefined };
    let attempts = 0;
    // A bus that hands the same batch over again after every failure, as kafkajs's consumer does after restarting.
    const retryingBus = {
      ensureTopic: async () => undefined,
      produce: async () => undefined,
      endOffsets: async () => [{ partition: 14, nextOffset: '3' }],
      close: async () => undefined,
      async consume(_options: unknown, handler: (b: typeof batch) => Promise<void>) {
        let stopped = false;
        const done = (async () => {
          while (!stopped) {
            attempts++;
            await handler(batch).catch(() => new Promise((resolve) => setTimeout(resolve, 10)));
          }
        })();
        return { done, stop: async () => void (stopped = true) };
      },
    } as unknown as Bus;
    const posts = {
      ingestBatch: async () => ({ insertedPosts: 0, insertedUrls: 0, deadLetters: 0 }),
      readOffsets: async () => [],
      postPreparer: async () => summaryPostPreparer,
    };
    const run = runIngestConsumer({ decoders: twitterPostDecoders, bus: retryingBus, posts, decodeWorkers: 1 });
    await expect(run).rejects.toMatchObject({ code: 'INGEST_DECODE_POOL_BROKEN' });
    expect(attempts).toBe(4); // the first worker and its three replacements
  });
});
