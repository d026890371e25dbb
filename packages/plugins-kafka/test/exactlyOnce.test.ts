// Exactly-once ingestion through a real Kafka broker into Postgres: consumers killed, the broker and the database restarted mid-run.

import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { caughtUp, pumpSource } from '@skimmer/core';
import type { Store } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import { replaySource } from '@skimmer/plugins-replay';
import { KafkaBus } from '../src/kafkaBus.ts';
import { writeSyntheticStream } from './fixtures/syntheticStream.ts';
import type { SyntheticStream } from './fixtures/syntheticStream.ts';
import { kafkaBrokers, privateSchema, REPO_ROOT, uniqueName } from './testServices.ts';

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
  bus = new KafkaBus({ brokers: kafkaBrokers() });
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

function startConsumer(topic: string, group: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CONSUMER], {
    cwd: REPO_ROOT,
    env: { ...process.env, INGEST_BROKERS: kafkaBrokers().join(','), INGEST_DATABASE_URL: schema.url, INGEST_TOPIC: topic, INGEST_GROUP: group },
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
async function storedRecords(topic: string, group: string): Promise<number> {
  const offsets = await store.posts.readOffsets(group, topic);
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
async function expectExactlyOnce(topic: string, group: string, child: () => ChildProcess): Promise<void> {
  await waitFor(async () => caughtUp(await bus.endOffsets(topic), await store.posts.readOffsets(group, topic)), 'the consumer to catch up');
  await stopConsumer(child(), 'SIGTERM');
  const { rows } = await store.sql.query<{ posts: string; distinct_ids: string; urls: string; dead: string; offsets: string }>(
    `SELECT (SELECT count(*) FROM raw_posts)::text AS posts, (SELECT count(DISTINCT id) FROM raw_posts)::text AS distinct_ids,
            (SELECT count(*) FROM post_urls)::text AS urls, (SELECT count(*) FROM dead_letters)::text AS dead,
            (SELECT sum(next_offset) FROM ingest_offsets WHERE consumer_group = $1 AND topic = $2)::text AS offsets`,
    [group, topic],
  );
  expect(rows[0]).toEqual({ posts: '50000', distinct_ids: '50000', urls: '50000', dead: String(INVALID), offsets: String(POSTS + INVALID) });
}

describe('exactly-once ingestion (Kafka → Postgres)', () => {
  test('a consumer SIGKILLed three times at random moments leaves 50,000 rows, each once, and each bad record dead-lettered once', async () => {
    await resetTables();
    const { topic, group } = await produceStream();
    let child = startConsumer(topic, group);
    const kills: number[] = [];
    for (let k = 0; k < 3; k++) {
      const target = Math.floor(((k + Math.random()) / 3.5) * POSTS);
      await waitFor(async () => (await storedRecords(topic, group)) >= target, `${target} stored records`);
      await sleep(Math.random() * 200);
      await stopConsumer(child, 'SIGKILL');
      kills.push(await storedRecords(topic, group));
      child = startConsumer(topic, group);
    }
    console.log(JSON.stringify({ scenario: 'sigkill', storedAtKills: kills }));
    await expectExactlyOnce(topic, group, () => child);
  });

  test('a broker restart mid-run leaves 50,000 rows, each once', async () => {
    await resetTables();
    const { topic, group } = await produceStream();
    const child = startConsumer(topic, group);
    await waitFor(async () => (await storedRecords(topic, group)) >= POSTS / 4, 'a quarter of the records');
    const before = await storedRecords(topic, group);
    execFileSync('bash', [path.join(REPO_ROOT, 'scripts/services/stop-kafka.sh'), '--restart'], { stdio: 'ignore' });
    console.log(JSON.stringify({ scenario: 'broker-restart', storedBeforeRestart: before }));
    await expectExactlyOnce(topic, group, () => child);
  });

  test('a Postgres restart mid-run leaves 50,000 rows, each once', { timeout: 120_000 }, async () => {
    await resetTables();
    const { topic, group } = await produceStream();
    // Like a process supervisor: a consumer that exits on its own is started again.
    let child = startConsumer(topic, group);
    let crashes = 0;
    const respawn = (): void => {
      child.once('exit', (code, signal) => {
        if (signal === 'SIGTERM' || signal === 'SIGKILL') return;
        crashes += 1;
        child = startConsumer(topic, group);
        respawn();
      });
    };
    respawn();
    await waitFor(async () => (await storedRecords(topic, group)) >= POSTS / 4, 'a quarter of the records');
    const before = await storedRecords(topic, group);
    restartPostgres();
    await expectExactlyOnce(topic, group, () => child);
    console.log(JSON.stringify({ scenario: 'postgres-restart', storedBeforeRestart: before, consumerCrashes: crashes }));
  });
});

/** Restarts the server that scripts/services/start-postgres.sh started, with pg_ctl (as the postgres user when root). */
function restartPostgres(): void {
  const port = process.env.SKIMMER_PG_PORT ?? '5433';
  const data = process.env.SKIMMER_PG_DATA ?? `/tmp/skimmer-postgres-${port}`;
  const version = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b)).at(-1);
  const pgCtl = `/usr/lib/postgresql/${version}/bin/pg_ctl`;
  const args = ['-D', data, '-w', '-t', '60', '-m', 'fast', 'restart'];
  if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', pgCtl, ...args], { stdio: 'ignore' });
  else execFileSync(pgCtl, args, { stdio: 'ignore' });
}
