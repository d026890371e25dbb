// Spec: posts ingested (on each client) and classified (classify-stream) through a three-broker KRaft cluster
// (replication factor 3, min.insync.replicas 2) by two members of one group while one broker is SIGKILLed and started
// again and one member is SIGKILLed: the other member takes its partitions over, and every post is stored (or gets its
// prediction) exactly once, nothing lost or doubled.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { caughtUp, pumpSource } from '@skimmer/core';
import type { Store } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import { replaySource } from '@skimmer/plugins-replay';
import { createKafkaBus } from '../src/createKafkaBus.ts';
import type { KafkaBusClient } from '../src/kafkaBusConfig.ts';
import { writeSyntheticStream } from '../../../test-support/syntheticStream.ts';
import { javaKafkaClasspath } from './javaKafka.ts';
import { removeCluster, restartClusterNode, startCluster } from './privateKafka.ts';
import type { KafkaCluster } from './privateKafka.ts';
import { privateSchema, REPO_ROOT, uniqueName } from '../../../test-support/testServices.ts';

/** Posts per run: 20,000 in CI; SKIMMER_CLUSTER_POSTS=200000 for the full-size run (docs/benchmarks.md). */
const POSTS = Number(process.env.SKIMMER_CLUSTER_POSTS ?? 20_000);
/** The clients that produce and consume: the default, and the maintained alternative measured against it. */
const CLIENTS: KafkaBusClient[] = ['kafkajs-fork', 'platformatic'];
const INVALID = 2;
const CONSUMER = path.join(import.meta.dirname, 'fixtures/ingestConsumerProcess.ts');

const java = javaKafkaClasspath();
if ('missing' in java) console.warn(`kafkaCluster.test.ts: the three-broker specs are skipped: ${java.missing}`);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf('missing' in java)('a three-broker cluster', () => {
  let cluster: KafkaCluster | undefined;
  let dir: string;
  let halves: [string, string];
  let schema: Awaited<ReturnType<typeof privateSchema>>;
  let store: Store;
  const consumers: ChildProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'skimmer-cluster-'));
    const { file } = writeSyntheticStream(path.join(dir, 'stream.jsonl'), POSTS, INVALID);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    halves = [path.join(dir, 'first.jsonl'), path.join(dir, 'second.jsonl')];
    writeFileSync(halves[0], `${lines.slice(0, lines.length / 2).join('\n')}\n`);
    writeFileSync(halves[1], `${lines.slice(lines.length / 2).join('\n')}\n`);
    schema = await privateSchema('cluster');
    store = await openStore({ url: schema.url, maxConnections: 2 });
    cluster = await startCluster();
  }, 180_000);

  afterAll(async () => {
    for (const consumer of consumers) if (consumer.exitCode === null) consumer.kill('SIGKILL');
    removeCluster(cluster);
    await store?.close();
    await schema?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What a member process runs: ingest (posts stored) or classify-stream (a prediction stored with each post). */
  type Role = 'ingest' | 'classify';

  /**
   * Two members of one group on `client` consume while broker 2 is SIGKILLed (half the stream produced before, half
   * during) and started again; member B is SIGKILLed once it has stored a batch (or the first half is stored without
   * it), before the second half is produced, so member A must take B's partitions over to store it. Resolves once the store holds everything the topic does,
   * after checking the topic holds every record once and A stored on every partition after the kill.
   */
  async function failover(client: KafkaBusClient, role: Role): Promise<void> {
    await store.sql.query('TRUNCATE raw_posts, post_urls, dead_letters, ingest_offsets, predictions');
    consumers.length = 0;
    const brokers = cluster!.brokers;
    const bus = createKafkaBus({ brokers, replicationFactor: 3, client, sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500 });
    const topic = uniqueName('cluster');
    const group = uniqueName(`cluster-${role}`);
    try {
      await bus.ensureTopic(topic, 3);
      const started = Date.now();
      /** The partitions of the batches each member reported storing (its stdout), in order. */
      const reports: [number[], number[]] = [[], []];
      for (const [i, member] of ['member-a', 'member-b'].entries()) {
        const child = spawn(process.execPath, ['--import', 'tsx', CONSUMER], {
          cwd: REPO_ROOT,
          env: {
            ...process.env,
            INGEST_BROKERS: brokers.join(','),
            INGEST_DATABASE_URL: schema.url,
            INGEST_TOPIC: topic,
            INGEST_GROUP: group,
            INGEST_CLIENT_ID: member,
            INGEST_KAFKA_CLIENT: client,
            INGEST_HANDLER: role,
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const stored = (JSON.parse(line) as { stored?: { partition: number } }).stored;
          if (stored) reports[i]!.push(stored.partition);
        });
        consumers.push(child);
      }
      const first = await pumpSource(replaySource({ files: [halves[0]] }), bus, topic, { batchSize: 2_000 });
      // Broker 2 dies with half the stream produced (acks=all: every acknowledged record is on 2 of 3 replicas) …
      process.kill(cluster!.pids[1]!, 'SIGKILL');
      // … member B dies once it has stored a batch (so it held partitions), or once the first half is stored without
      // it (A got every partition first: nothing more comes for B until the second half, which waits for this kill);
      // either way member A has to hold every partition to store the second half …
      const deadline = Date.now() + 90_000 + POSTS;
      // (counted from the store alone: asking the brokers for end offsets while broker 2 is down can fail.)
      const storedCount = async () => (await store.posts.readOffsets(group, topic)).reduce((sum, o) => sum + Number(o.nextOffset), 0);
      while (reports[1].length === 0 && (await storedCount()) < first.produced) {
        if (Date.now() > deadline) throw new Error('member B stored nothing and the first half was not stored within 90 s');
        await sleep(250);
      }
      consumers[1]!.kill('SIGKILL');
      const storedAtKill = await storedCount();
      const reportsOfAAtKill = reports[0].length;
      // … the other half is produced with broker 2 down (2 replicas left: min.insync.replicas still met) …
      const second = await pumpSource(replaySource({ files: [halves[1]] }), bus, topic, { batchSize: 2_000 });
      // … and broker 2 comes back while member A is still storing.
      restartClusterNode(cluster!, 2);
      expect(first.produced + second.produced).toBe(POSTS + INVALID);
      while (!caughtUp(await bus.endOffsets(topic), await store.posts.readOffsets(group, topic))) {
        if (Date.now() > deadline) throw new Error(`the consumers did not catch up within ${(90_000 + POSTS) / 1000} s`);
        await sleep(250);
      }
      const caughtUpAfter = (Date.now() - started) / 1000;
      const stored = await store.posts.readOffsets(group, topic);
      const ends = await bus.endOffsets(topic);
      // Everything the topic holds, read again by a fresh group: tells a record lost by Kafka from one skipped by the consumer.
      const inTopic = new Set<string>();
      let counted!: () => void;
      const allRead = new Promise<void>((resolve) => (counted = resolve));
      const reread = await bus.consume({ topic, group: uniqueName('cluster-reread') }, async ({ records }) => {
        for (const r of records) inTopic.add(String(r.key));
        if (inTopic.size >= POSTS) counted();
      });
      await Promise.race([allRead, sleep(20_000)]);
      await reread.stop();
      console.log(
        JSON.stringify({
          scenario: 'cluster-broker-and-member-killed',
          role,
          client,
          posts: POSTS,
          caughtUpAfterS: caughtUpAfter,
          storedAtMemberKill: storedAtKill,
          partitionsOfBBeforeKill: [...new Set(reports[1])].sort(),
          partitionsOfAAfterKill: [...new Set(reports[0].slice(reportsOfAAtKill))].sort(),
          stored,
          ends,
          distinctKeysInTopic: inTopic.size,
        }),
      );
      expect(ends.reduce((sum, o) => sum + Number(o.nextOffset), 0)).toBe(POSTS + INVALID);
      expect([...new Set(reports[0].slice(reportsOfAAtKill))].sort()).toEqual([0, 1, 2]);
    } finally {
      for (const consumer of consumers) if (consumer.exitCode === null) consumer.kill('SIGTERM');
      await bus.close();
    }
  }

  test.each(CLIENTS)(
    'two store members (%s) ingest every post exactly once while one broker is killed and restarted and one member is killed',
    { timeout: 120_000 + POSTS },
    async (client) => {
      await failover(client, 'ingest');
      const { rows } = await store.sql.query<{ posts: string; distinct_ids: string; dead: string }>(
        'SELECT (SELECT count(*) FROM raw_posts)::text AS posts, (SELECT count(DISTINCT id) FROM raw_posts)::text AS distinct_ids, (SELECT count(*) FROM dead_letters)::text AS dead',
      );
      expect(rows[0]).toEqual({ posts: String(POSTS), distinct_ids: String(POSTS), dead: String(INVALID) });
    },
  );

  test('two classify-stream members give every post exactly one prediction while one broker is killed and restarted and one member is killed', {
    timeout: 120_000 + POSTS,
  }, async () => {
    await failover('kafkajs-fork', 'classify');
    // classify-stream skips what it cannot decode (ingest dead-letters it): one prediction per valid post, none twice.
    const { rows } = await store.sql.query<{ posts: string; predictions: string; predicted_posts: string; not_one: string }>(
      `SELECT (SELECT count(*) FROM raw_posts)::text AS posts, (SELECT count(*) FROM predictions)::text AS predictions,
              (SELECT count(DISTINCT post_id) FROM predictions)::text AS predicted_posts,
              (SELECT count(*) FROM raw_posts r WHERE (SELECT count(*) FROM predictions p WHERE p.post_id = r.id) <> 1)::text AS not_one`,
    );
    expect(rows[0]).toEqual({ posts: String(POSTS), predictions: String(POSTS), predicted_posts: String(POSTS), not_one: '0' });
  });
});
