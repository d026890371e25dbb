// Benchmark: 200,000 v2 stream lines replayed through Kafka into Postgres (throughput, end-to-end latency, lost and
// duplicated rows) against a plain COPY of the same decoded rows into an empty raw_posts-shaped table, in the same run
// (the median of three COPYs).
// Needs `scripts/services/start-kafka.sh` and `start-postgres.sh` (or TEST_KAFKA_BROKERS / TEST_DATABASE_URL).
// Usage: npm run bench:ingest -- [--json] [--posts N] [--batch N] [--partitions N] [--compression none|gzip|snappy|lz4|zstd]
// [--decode-workers N] [--consumer-only] [--client kafkajs-fork|kafkajs|platformatic|kafkajs,kafkajs-fork,platformatic];
// the last line is one JSON object. --consumer-only produces everything first and times the consumer alone. --client
// names the Kafka client of the collector and the consumer (default kafkajs-fork, the vendored fork); several,
// comma-separated, run one after another in this process, each on a fresh topic and schema, one JSON line each, then
// the last line compares them.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { IngestDecodePool, decodeBatch, defaultDecodeWorkerCount, ingestBatchHandler, runConsumer, waitUntilCaughtUp } from '@skimmer/core';
import type { ConsumedBatch, ConsumedRecord, IngestBatch, Post } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import { replayFileItems } from '@skimmer/plugins-replay';
import { createKafkaBus, KAFKA_BUS_CLIENTS, kafkaBusClientVersion } from '@skimmer/plugins-kafka';
import type { KafkaBusClient, KafkaBusOptions } from '@skimmer/plugins-kafka';
import { copyInOnClient } from '../packages/plugins-postgres/src/copyIn.ts';
import { postCopyRows } from '../packages/plugins-postgres/src/copyPostWrites.ts';
import { writeSyntheticStream } from '../test-support/syntheticStream.ts';
import { kafkaBrokers, privateSchema } from '../test-support/testServices.ts';
import { twitterPostDecoders } from '@skimmer/plugins-twitter';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const POSTS = Number(flag('posts', '200000'));
const BATCH = Number(flag('batch', '5000'));
const PARTITIONS = Number(flag('partitions', '3'));
const COMPRESSION = flag('compression', 'none') as NonNullable<KafkaBusOptions['compression']>;
const CLIENTS = flag('client', 'kafkajs-fork').split(',') as KafkaBusClient[];
for (const client of CLIENTS)
  if (!KAFKA_BUS_CLIENTS.includes(client))
    throw new Error(`--client: expected ${KAFKA_BUS_CLIENTS.join(', ')} (comma-separated), got ${JSON.stringify(client)}`);
const DECODE_WORKERS = Number(flag('decode-workers', String(defaultDecodeWorkerCount())));
const JSON_ONLY = process.argv.includes('--json');
const CONSUMER_ONLY = process.argv.includes('--consumer-only');
const log = (line: string): void => {
  if (!JSON_ONLY) console.error(line);
};

/** The q-quantile (0..1) of sorted values, nearest rank. */
function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-ingest-bench-'));
const { file } = writeSyntheticStream(path.join(dir, 'stream.jsonl'), POSTS, 0);

/** The replayed file as consumed records (read after the Kafka phase, so its memory does not weigh on that phase). */
async function readRecords(): Promise<ConsumedRecord[]> {
  const records: ConsumedRecord[] = [];
  for await (const item of replayFileItems(file)) {
    records.push({ topic: 't', partition: 0, offset: String(records.length), key: item.key, value: Buffer.from(item.value), headers: {} });
  }
  return records;
}

/** Every record decoded, in batches of BATCH (timed: the consumer's decode cost). */
function decodeAll(records: readonly ConsumedRecord[]): { posts: Post[]; rowsPerS: number } {
  const start = performance.now();
  const posts: Post[] = [];
  for (let i = 0; i < records.length; i += BATCH)
    for (const post of decodeBatch(records.slice(i, i + BATCH), 'bench', undefined, twitterPostDecoders).posts) posts.push(post);
  return { posts, rowsPerS: POSTS / ((performance.now() - start) / 1000) };
}

/** The store's write path alone: `ingestBatch` of decoded batches of BATCH, one at a time, into a fresh schema. */
async function storeDirect(posts: readonly Post[]): Promise<number> {
  const fresh = await privateSchema('bench_ingest_direct');
  const store = await openStore({ url: fresh.url, maxConnections: 1 });
  try {
    const start = performance.now();
    for (let i = 0; i < posts.length; i += BATCH) {
      await store.posts.ingestBatch({ posts: posts.slice(i, i + BATCH), offsets: [{ consumerGroup: 'direct', topic: 't', partition: 0, offset: String(i) }] });
    }
    return POSTS / ((performance.now() - start) / 1000);
  } finally {
    await store.close();
    await fresh.drop();
  }
}

/** Times the plain COPY is run; its median is the baseline (one COPY varied ±20% between runs of this bench). */
const COPY_RUNS = 3;

/**
 * Baseline: one binary COPY of the decoded posts (formatting included, as the store writes them) into an empty table
 * shaped like raw_posts, dropped afterwards (so no autovacuum of it runs into the next COPY).
 */
async function copyBaseline(url: string, posts: readonly Post[]): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS bench_copy');
    await client.query('CREATE TABLE bench_copy (LIKE raw_posts INCLUDING ALL)');
    const start = performance.now();
    await client.query('BEGIN');
    await copyInOnClient(
      client,
      'COPY bench_copy (id, created_at, text, source, client, expanded_urls, media_urls, lang, author_id, referenced_tweets, payload) FROM STDIN (FORMAT binary)',
      postCopyRows(posts).chunks,
    );
    await client.query('COMMIT');
    const seconds = (performance.now() - start) / 1000;
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_copy');
    if (rows[0].n !== POSTS) throw new Error(`COPY stored ${rows[0].n} rows, expected ${POSTS}`);
    await client.query('DROP TABLE bench_copy');
    return POSTS / seconds;
  } finally {
    await client.end();
  }
}

interface CollectorResult {
  produced: number;
  produce_busy_s: number;
  cpu_s: number;
}

/** A collector process that has loaded and waits for `go()`; `done` resolves with what it printed at the end. */
interface Collector {
  ready: Promise<void>;
  go(): void;
  done: Promise<CollectorResult>;
}

/** The collector in its own process (bench/ingestProducer.ts): replay → the Kafka bus of `client`, started on `go()`. */
function startCollector(topic: string, brokers: string[], client: KafkaBusClient): Collector {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'ingestProducer.ts'), file, topic, brokers.join(','), String(BATCH), COMPRESSION, client],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let out = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (out.includes('{"ready":true}')) markReady();
  });
  const done = new Promise<CollectorResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}')) : reject(new Error(`the collector exited with ${code}`)),
    );
  });
  return { ready: Promise.race([ready, done.then(() => undefined)]), go: () => child.stdin.end('go\n'), done };
}

/**
 * Replay → KafkaBus (collector process) → consumer group (this process) → Postgres, timing each post from the
 * record's Kafka CreateTime to the commit of the store transaction that holds it. The clock starts when the collector,
 * loaded and waiting, is told to go, with the consumer already in its group: what is measured is the stream, not the
 * start-up of the two processes (reported apart as startup_s, with rows_per_s_from_spawn counting it in).
 */
async function throughKafka(url: string, brokers: string[], client: KafkaBusClient) {
  const store = await openStore({ url, maxConnections: PARTITIONS + 1 });
  const bus = createKafkaBus({
    brokers,
    client,
    sessionTimeoutMs: 6_000,
    heartbeatIntervalMs: 500,
    compression: COMPRESSION,
    partitionsConsumedConcurrently: PARTITIONS,
  });
  const topic = `bench-ingest-${Date.now()}`;
  const group = 'bench-ingest';
  const latencies = new Float64Array(POSTS);
  let stored = 0;
  let storeMs = 0;
  let transactions = 0;
  let lastCommit = 0;
  const target = {
    async ingestBatch(batch: IngestBatch) {
      const t0 = performance.now();
      const result = await store.posts.ingestBatch(batch);
      storeMs += performance.now() - t0;
      transactions++;
      return result;
    },
  };
  // As runIngest does: decode workers (0: the same stepwise preparation on this thread).
  const preparer = await store.posts.postPreparer?.();
  const decodePool = preparer ? await IngestDecodePool.start(preparer, { decoders: twitterPostDecoders, workers: DECODE_WORKERS }) : undefined;
  const storeBatch = ingestBatchHandler({ decoders: twitterPostDecoders, target, group, defaultSource: 'replay', decodePool });
  const handler = async (batch: ConsumedBatch): Promise<void> => {
    await storeBatch(batch);
    const now = Date.now();
    lastCommit = performance.now();
    for (const r of batch.records) if (stored < POSTS) latencies[stored++] = now - (r.timestamp ?? now);
  };
  try {
    await bus.ensureTopic(topic, PARTITIONS);
    const spawnedAt = performance.now();
    const collecting = startCollector(topic, brokers, client);
    const consumerCpuAtStart = process.cpuUsage();
    await collecting.ready;
    let collected: CollectorResult | undefined;
    if (CONSUMER_ONLY) {
      collecting.go();
      collected = await collecting.done;
    }
    let start = performance.now();
    const readOffsets = (g: string, t: string) => store.posts.readOffsets(g, t);
    await runConsumer({ bus, topic, group, partitions: PARTITIONS, batchSize: BATCH, readOffsets, handler }, async (stop) => {
      if (!CONSUMER_ONLY) {
        start = performance.now();
        collecting.go();
        collected = await collecting.done;
      }
      await waitUntilCaughtUp({ bus, topic, group, readOffsets }, stop);
    });
    const seconds = (lastCommit - start) / 1000;
    const consumerCpu = process.cpuUsage(consumerCpuAtStart);
    const collectorResult = collected!;
    if (collectorResult.produced !== POSTS) log(`warning: the collector produced ${collectorResult.produced} posts, expected ${POSTS}`);
    const counted = await countStored(url);
    const sorted = latencies.slice(0, stored).sort();
    return {
      rows_per_s: Math.round(POSTS / seconds),
      seconds: Number(seconds.toFixed(2)),
      startup_s: Number(((start - spawnedAt) / 1000).toFixed(2)),
      rows_per_s_from_spawn: Math.round(POSTS / ((lastCommit - spawnedAt) / 1000)),
      p50_ms: Math.round(quantile(sorted, 0.5)),
      p99_ms: Math.round(quantile(sorted, 0.99)),
      ...counted,
      store_transactions: transactions,
      produce_busy_s: collectorResult.produce_busy_s,
      collector_cpu_s: collectorResult.cpu_s,
      consumer_cpu_s: Number(((consumerCpu.user + consumerCpu.system) / 1e6).toFixed(2)),
      store_busy_s: Number((storeMs / 1000).toFixed(2)),
    };
  } finally {
    await decodePool?.close();
    await bus.close();
    await store.close();
  }
}

/** The ids writeSyntheticStream gives its posts. */
const replayedIds = (): string[] => Array.from({ length: POSTS }, (_, i) => String(1_500_000_000_000_000_000n + BigInt(i)));

/** lost / duplicated from the table: replayed ids missing, and rows beyond one per id. */
async function countStored(url: string): Promise<{ lost: number; duplicated: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number; d: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM raw_posts WHERE id = ANY($1::text[])',
      [replayedIds()],
    );
    return { lost: POSTS - rows[0].d, duplicated: rows[0].n - rows[0].d };
  } finally {
    await client.end();
  }
}

const brokers = kafkaBrokers();
/** One client's run: Kafka → Postgres on a fresh schema and topic, then the baselines of the same rows. */
async function runClient(client: KafkaBusClient): Promise<Record<string, unknown>> {
  const schema = await privateSchema('bench_ingest');
  try {
    log(`${client} ${await kafkaBusClientVersion(client)}: ${POSTS} posts, batches of ${BATCH}, ${PARTITIONS} partitions, compression ${COMPRESSION}`);
    const kafka = await throughKafka(schema.url, brokers, client);
    log(`kafka → postgres: ${kafka.rows_per_s} rows/s, p50 ${kafka.p50_ms} ms, p99 ${kafka.p99_ms} ms, lost ${kafka.lost}, duplicated ${kafka.duplicated}`);
    const decoded = decodeAll(await readRecords());
    const copyRuns: number[] = [];
    for (let i = 0; i < COPY_RUNS; i++) copyRuns.push(Math.round(await copyBaseline(schema.url, decoded.posts)));
    const copyRowsPerS = [...copyRuns].sort((a, b) => a - b)[Math.floor(COPY_RUNS / 2)];
    log(`plain COPY: ${copyRuns.join(' / ')} rows/s (median ${copyRowsPerS})`);
    const storeDirectRowsPerS = Math.round(await storeDirect(decoded.posts));
    log(`decode alone: ${Math.round(decoded.rowsPerS)} rows/s; ingestBatch alone (no bus): ${storeDirectRowsPerS} rows/s`);
    return {
      client,
      client_version: await kafkaBusClientVersion(client),
      rows_per_s: kafka.rows_per_s,
      copy_rows_per_s: copyRowsPerS,
      copy_ratio: Number((kafka.rows_per_s / copyRowsPerS).toFixed(2)),
      copy_runs_rows_per_s: copyRuns,
      p50_ms: kafka.p50_ms,
      p99_ms: kafka.p99_ms,
      lost: kafka.lost,
      duplicated: kafka.duplicated,
      // Collector and consumer processes (all their threads, decode workers included); Postgres's CPU is not counted.
      cpu_us_per_row: Math.round(((kafka.collector_cpu_s + kafka.consumer_cpu_s) / POSTS) * 1e6),
      posts: POSTS,
      batch: BATCH,
      partitions: PARTITIONS,
      compression: COMPRESSION,
      decode_workers: DECODE_WORKERS,
      consumer_only: CONSUMER_ONLY,
      seconds: kafka.seconds,
      store_transactions: kafka.store_transactions,
      produce_busy_s: kafka.produce_busy_s,
      collector_cpu_s: kafka.collector_cpu_s,
      consumer_cpu_s: kafka.consumer_cpu_s,
      store_busy_s: kafka.store_busy_s,
      startup_s: kafka.startup_s,
      rows_per_s_from_spawn: kafka.rows_per_s_from_spawn,
      decode_rows_per_s: Math.round(decoded.rowsPerS),
      store_direct_rows_per_s: storeDirectRowsPerS,
    };
  } finally {
    await schema.drop();
  }
}

try {
  const results: Record<string, unknown>[] = [];
  for (const client of CLIENTS) {
    results.push(await runClient(client));
    console.log(JSON.stringify(results.at(-1)));
  }
  if (results.length > 1) {
    const pick = ['client', 'rows_per_s', 'copy_ratio', 'cpu_us_per_row', 'p99_ms', 'lost', 'duplicated'];
    console.log(JSON.stringify({ comparison: results.map((r) => Object.fromEntries(pick.map((k) => [k, r[k]]))), posts: POSTS, compression: COMPRESSION }));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
