// Benchmark: ingest throughput (posts/s) of 50,000 small v2 stream lines, replay → bus → consumer → store, against the
// baseline of writing the same decoded posts straight into the store (no bus). Embedded default (in-process bus,
// PGlite in memory) always; Kafka + Postgres too when TEST_KAFKA_BROKERS / TEST_DATABASE_URL (or .cache/services) are set.
// Usage: npm run bench:ingest; the last line is one JSON object.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeBatch, InProcessBus, runIngest } from '@skimmer/core';
import type { Bus, ConsumedRecord, Store } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import { replaySource, replayFileItems } from '@skimmer/plugins-replay';
import { KafkaBus } from '@skimmer/plugins-kafka';
import { writeSyntheticStream } from '../packages/plugins-kafka/test/fixtures/syntheticStream.ts';
import { kafkaBrokers, privateSchema } from '../packages/plugins-kafka/test/testServices.ts';

const POSTS = 50_000;
const BATCH = 500;
const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-ingest-bench-'));
const { file } = writeSyntheticStream(path.join(dir, 'stream.jsonl'), POSTS, 0);

/** Baseline: decode and ingestBatch directly, in batches of BATCH. */
async function direct(store: Store): Promise<number> {
  const records: ConsumedRecord[] = [];
  for await (const item of replayFileItems(file)) {
    records.push({ topic: 't', partition: 0, offset: String(records.length), key: item.key, value: new TextEncoder().encode(item.value), headers: {} });
  }
  const start = performance.now();
  for (let i = 0; i < records.length; i += BATCH) {
    const { posts } = decodeBatch(records.slice(i, i + BATCH), 'bench');
    await store.posts.ingestBatch({ posts, offsets: [{ consumerGroup: 'direct', topic: 't', partition: 0, offset: String(i + posts.length - 1) }] });
  }
  return POSTS / ((performance.now() - start) / 1000);
}

async function throughBus(store: Store, bus: Bus, partitions: number): Promise<number> {
  const start = performance.now();
  const stats = await runIngest({ source: replaySource({ files: [file] }), bus, posts: store.posts, topic: `bench-${Date.now()}`, partitions, batchSize: BATCH });
  if (stats.insertedPosts !== POSTS) throw new Error(`stored ${stats.insertedPosts} posts, expected ${POSTS}`);
  return POSTS / ((performance.now() - start) / 1000);
}

async function measure(open: () => Promise<{ store: Store; done: () => Promise<void> }>, run: (store: Store) => Promise<number>): Promise<number> {
  const { store, done } = await open();
  try {
    return Math.round(await run(store));
  } finally {
    await done();
  }
}

const pglite = async () => {
  const store = await openStore({ dataDir: 'memory://' });
  return { store, done: () => store.close() };
};
const server = async () => {
  const schema = await privateSchema('bench_ingest');
  const store = await openStore({ url: schema.url, maxConnections: 2 });
  return { store, done: async () => (await store.close(), await schema.drop()) };
};

const result: Record<string, unknown> = { posts: POSTS, batch: BATCH };
result.embedded_direct_posts_per_s = await measure(pglite, direct);
result.embedded_inprocess_bus_posts_per_s = await measure(pglite, (s) => throughBus(s, new InProcessBus(), 1));
let brokers: string[] | undefined;
try {
  brokers = kafkaBrokers();
} catch (err) {
  result.kafka = `skipped: ${(err as Error).message}`;
}
if (brokers) {
  result.postgres_direct_posts_per_s = await measure(server, direct);
  const bus = new KafkaBus({ brokers, sessionTimeoutMs: 3_000, heartbeatIntervalMs: 300 });
  result.kafka_postgres_3_partitions_posts_per_s = await measure(server, (s) => throughBus(s, bus, 3));
  await bus.close();
}
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(result));
