// The Kafka bus and the ingest consumer against a real broker and Postgres: duplicates, URL rows, dead letters, and exactly-once
// ingestion while consumers are killed and the broker and the database restart (one file, so the broker restart disturbs no other test).

import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { caughtUp, pumpSource, runIngest, datasetPath } from '@skimmer/core';
import type { Source, SourceRecord, Store } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import { replaySource } from '@skimmer/plugins-replay';
import { KafkaBus } from '../src/kafkaBus.ts';
import type { KafkaBusClient } from '../src/kafkaBusConfig.ts';
import { writeSyntheticStream } from '../../../test-support/syntheticStream.ts';
import type { SyntheticStream } from '../../../test-support/syntheticStream.ts';
import { startPrivatePostgres } from './privatePostgres.ts';
import { kafkaBrokers, privateSchema, REPO_ROOT, uniqueName } from '../../../test-support/testServices.ts';
import { twitterPostDecoders } from '@skimmer/plugins-twitter';

const POSTS = 50_000;
const INVALID = 5;
const CONSUMER = path.join(import.meta.dirname, 'fixtures/ingestConsumerProcess.ts');

let dir: string;
let stream: SyntheticStream;
let schema: Awaited<ReturnType<typeof privateSchema>>;
let store: Store;
let bus: KafkaBus;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'skimmer-exactly-once-'));
  stream = writeSyntheticStream(path.join(dir, 'stream.jsonl'), POSTS, INVALID);
  schema = await privateSchema('exactly_once');
  store = await openStore({ url: schema.url, maxConnections: 2 });
  bus = new KafkaBus({ brokers: kafkaBrokers(), sessionTimeoutMs: 3_000, heartbeatIntervalMs: 300 });
});

afterAll(async () => {
  await bus?.close();
  await store?.close();
  await schema?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const children = new Set<ChildProcess>();

afterEach(async () => {
  for (const child of children) await stopConsumer(child, 'SIGKILL');
  children.clear();
});

/** A consumer process on `client`: kafkajs as published, the vendored fork (vendor/kafkajs), or @platformatic/kafka. */
function startConsumer(topic: string, group: string, databaseUrl = schema.url, client: KafkaBusClient = 'kafkajs'): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CONSUMER], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      INGEST_BROKERS: kafkaBrokers().join(','),
      INGEST_DATABASE_URL: databaseUrl,
      INGEST_TOPIC: topic,
      INGEST_GROUP: group,
      INGEST_KAFKA_CLIENT: client,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  return child;
}

async function stopConsumer(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Records of this topic whose results the store holds (the sum of the stored next offsets). */
async function storedRecords(topic: string, group: string, db: Store = store): Promise<number> {
  const offsets = await db.posts.readOffsets(group, topic);
  return offsets.reduce((sum, o) => sum + Number(o.nextOffset), 0);
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // The test's own connections fail once while Postgres restarts: that is not an answer, ask again.
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function resetTables(): Promise<void> {
  await store.sql.query('TRUNCATE raw_posts, post_urls, dead_letters, ingest_offsets');
}

/** Produces the recording to a fresh 3-partition topic. */
async function produceStream(): Promise<{ topic: string; group: string }> {
  const topic = uniqueName('exactly-once');
  await bus.ensureTopic(topic, 3);
  const { produced } = await pumpSource(replaySource({ files: [stream.file] }), bus, topic, { batchSize: 5_000 });
  expect(produced).toBe(POSTS + INVALID);
  return { topic, group: uniqueName('ingest') };
}

/** Waits until the store holds everything on the topic, stops the consumer and checks the tables. */
async function expectExactlyOnce(topic: string, group: string, child: () => ChildProcess, db: Store = store): Promise<void> {
  await waitFor(async () => caughtUp(await bus.endOffsets(topic), await db.posts.readOffsets(group, topic)), 'the consumer to catch up');
  await stopConsumer(child(), 'SIGTERM');
  const { rows } = await db.sql.query<{ posts: string; distinct_ids: string; urls: string; dead: string; offsets: string }>(
    `SELECT (SELECT count(*) FROM raw_posts)::text AS posts, (SELECT count(DISTINCT id) FROM raw_posts)::text AS distinct_ids,
            (SELECT count(*) FROM post_urls)::text AS urls, (SELECT count(*) FROM dead_letters)::text AS dead,
            (SELECT sum(next_offset) FROM ingest_offsets WHERE consumer_group = $1 AND topic = $2)::text AS offsets`,
    [group, topic],
  );
  expect(rows[0]).toEqual({ posts: '50000', distinct_ids: '50000', urls: '50000', dead: String(INVALID), offsets: String(POSTS + INVALID) });
}

/** A source that yields the given records once. */
function fixedSource(records: SourceRecord[]): Source {
  return {
    name: 'fixed',
    async *records() {
      yield* records;
    },
  };
}

const streamLine = readFileSync(datasetPath('twitter-v2-twarc-csv', 'streaming_output_with_error.jsonl'), 'utf8').split('\n')[0];

describe('KafkaBus + ingest consumer', () => {
  test('a post delivered twice (same id) is stored as one row', async () => {
    await resetTables();
    const record = { key: '1377650090978992134', value: streamLine, source: 'twitter-v2', cursor: '1' };
    const stats = await runIngest({
      decoders: twitterPostDecoders,
      source: fixedSource([record, { ...record, cursor: '2' }]),
      bus,
      posts: store.posts,
      topic: uniqueName('dup'),
      partitions: 2,
    });
    expect(stats).toMatchObject({ produced: 2, consumed: 2, insertedPosts: 1 });
    expect(await store.posts.countPosts()).toBe(1);
  });

  test('each expanded URL of a post is one post_urls row, and the invalid stream line one dead letter', async () => {
    await resetTables();
    const topic = uniqueName('urls');
    const source = replaySource({
      files: [datasetPath('twitter-v2-twarc-csv', 'streaming_output_with_error.jsonl'), datasetPath('twitter-v2-twarc-csv', 'many_urls.jsonl')],
    });
    const stats = await runIngest({ decoders: twitterPostDecoders, source, bus, posts: store.posts, topic, partitions: 3 });
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

describe('exactly-once ingestion (Kafka → Postgres)', () => {
  test.each<KafkaBusClient>(['kafkajs-fork', 'platformatic'])(
    'a consumer (on %s) SIGKILLed three times at random moments leaves 50,000 rows, each once, and each bad record dead-lettered once',
    {
      timeout: 150_000,
    },
    async (client) => {
      await resetTables();
      const { topic, group } = await produceStream();
      let child = startConsumer(topic, group, schema.url, client);
      const kills: number[] = [];
      for (let k = 0; k < 3; k++) {
        const target = Math.floor(((k + Math.random()) / 3.5) * POSTS);
        await waitFor(async () => (await storedRecords(topic, group)) >= target, `${target} stored records`);
        await sleep(Math.random() * 200);
        await stopConsumer(child, 'SIGKILL');
        kills.push(await storedRecords(topic, group));
        child = startConsumer(topic, group, schema.url, client);
      }
      console.log(JSON.stringify({ scenario: 'sigkill', client, storedAtKills: kills }));
      await expectExactlyOnce(topic, group, () => child);
    },
  );

  test('a broker restart mid-run leaves 50,000 rows, each once', { timeout: 150_000 }, async () => {
    await resetTables();
    const { topic, group } = await produceStream();
    const child = startConsumer(topic, group);
    await waitFor(async () => (await storedRecords(topic, group)) >= POSTS / 4, 'a quarter of the records');
    const before = await storedRecords(topic, group);
    execFileSync('bash', [path.join(REPO_ROOT, 'scripts/services/stop-kafka.sh'), '--restart'], { stdio: 'ignore' });
    console.log(JSON.stringify({ scenario: 'broker-restart', storedBeforeRestart: before }));
    await expectExactlyOnce(topic, group, () => child);
  });

  test('a Postgres restart mid-run leaves 50,000 rows, each once', { timeout: 150_000 }, async () => {
    // A server of its own: restarting the shared one would cut the connections of every other test file.
    const server = await startPrivatePostgres();
    const db = await openStore({ url: server.url, maxConnections: 2 });
    try {
      const { topic, group } = await produceStream();
      // Like a process supervisor: a consumer that exits on its own is started again.
      let child = startConsumer(topic, group, server.url);
      let crashes = 0;
      const respawn = (): void => {
        child.once('exit', (_code, signal) => {
          if (signal === 'SIGTERM' || signal === 'SIGKILL') return;
          crashes += 1;
          child = startConsumer(topic, group, server.url);
          respawn();
        });
      };
      respawn();
      await waitFor(async () => (await storedRecords(topic, group, db)) >= POSTS / 4, 'a quarter of the records');
      const before = await storedRecords(topic, group, db);
      server.restart();
      await expectExactlyOnce(topic, group, () => child, db);
      console.log(JSON.stringify({ scenario: 'postgres-restart', storedBeforeRestart: before, consumerCrashes: crashes }));
    } finally {
      await db.close().catch(() => {});
      server.stop();
    }
  });
});
