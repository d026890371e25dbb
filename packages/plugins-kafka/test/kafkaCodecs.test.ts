// Specs: topics compressed with gzip, snappy, lz4 and zstd by Apache Kafka's own Java producer are consumed by our bus
// (kafkajs, the fork and @platformatic/kafka), and our bus produces each codec for itself (the broker validates every
// batch it accepts). @platformatic/kafka 1.35 does zstd with node:zlib, which Node 20 lacks (refused at the door there),
// and its snappy decoder cannot read the Java producer's snappy (xerial framing): specs pin both down.

import zlib from 'node:zlib';
import { Consumer } from '@platformatic/kafka';
import { afterAll, describe, expect, it, test } from 'vitest';
import type { Bus, ConsumedRecord } from '@skimmer/core';
import { createKafkaBus } from '../src/createKafkaBus.ts';
import { KafkaBus } from '../src/kafkaBus.ts';
import type { KafkaBusClient } from '../src/kafkaBusConfig.ts';
import { PlatformaticBus } from '../src/platformaticBus.ts';
import { lz4Codec, zstdCodec } from '../src/kafkaCodecs.ts';
import { javaConsoleProduce, javaKafkaClasspath } from './javaKafka.ts';
import { kafkaBrokers, uniqueName } from '../../../test-support/testServices.ts';

const CODECS = ['gzip', 'snappy', 'lz4', 'zstd'] as const;
const CLIENTS: KafkaBusClient[] = ['kafkajs', 'kafkajs-fork', 'platformatic'];
/** Whether this Node has zstd in node:zlib (22.15+), which @platformatic/kafka needs for zstd batches. */
const ZLIB_ZSTD = typeof (zlib as { zstdCompressSync?: unknown }).zstdCompressSync === 'function';
/** The codecs `client` reads and writes on this Node. */
const codecsOf = (client: KafkaBusClient): readonly (typeof CODECS)[number][] =>
  client === 'platformatic' && !ZLIB_ZSTD ? CODECS.filter((c) => c !== 'zstd') : CODECS;
/** The codecs `client` reads in the Java producer's framing (platformatic: not snappy, see the spec below). */
const javaCodecsOf = (client: KafkaBusClient): readonly (typeof CODECS)[number][] =>
  client === 'platformatic' ? codecsOf(client).filter((c) => c !== 'snappy') : codecsOf(client);
const COUNT = 2_000;

/** Post-like lines: key = id, value = JSON with multi-byte text, repetitive enough to compress. */
const lines = Array.from(
  { length: COUNT },
  (_, i) => `${1_700_000_000_000 + i}\t${JSON.stringify({ id: String(i), text: `post ${i} about AI — données ${'x'.repeat(i % 50)}` })}`,
);

/** Every record of `topic` (one partition) read by a fresh consumer group of `bus`. */
async function consumeAll(bus: Bus, topic: string, count: number): Promise<ConsumedRecord[]> {
  const records: ConsumedRecord[] = [];
  let resolve!: () => void;
  const all = new Promise<void>((r) => (resolve = r));
  const consumption = await bus.consume({ topic, group: uniqueName('codec') }, async (batch) => {
    records.push(...batch.records);
    if (records.length >= count) resolve();
  });
  const timeout = setTimeout(resolve, 45_000);
  await all;
  clearTimeout(timeout);
  await consumption.stop();
  return records;
}

const asLines = (records: readonly ConsumedRecord[]): string[] => records.map((r) => `${r.key}\t${Buffer.from(r.value).toString('utf8')}`);

describe('codecs without a broker', () => {
  it.runIf(!ZLIB_ZSTD)('platformatic refuses to produce zstd where node:zlib has none', () => {
    expect(() => new PlatformaticBus({ brokers: ['127.0.0.1:1'], client: 'platformatic', compression: 'zstd' })).toThrow(/zstd/);
  });

  const sample = Buffer.from(lines.join('\n'));
  for (const [name, codec] of [
    ['lz4', lz4Codec],
    ['zstd', zstdCodec],
  ] as const) {
    it(`${name} decompresses what it compresses, smaller`, async () => {
      const compressed = await codec().compress({ buffer: sample });
      expect(compressed.length).toBeLessThan(sample.length / 2);
      expect((await codec().decompress(compressed)).equals(sample)).toBe(true);
    });
  }
});

const java = javaKafkaClasspath();
if ('missing' in java) console.warn(`kafkaCodecs.test.ts: the Java producer specs are skipped: ${java.missing}`);

describe.skipIf('missing' in java)('topics written by the Java producer', () => {
  const bus = new KafkaBus({ brokers: kafkaBrokers(), sessionTimeoutMs: 6_000 });
  const topics = new Map<string, string>();
  afterAll(() => bus.close());

  it('are produced in each codec by ConsoleProducer', { timeout: 120_000 }, async () => {
    for (const codec of CODECS) topics.set(codec, uniqueName(`java-${codec}`));
    for (const topic of topics.values()) await bus.ensureTopic(topic, 1);
    // One JVM after another: four at once would be four JVM start-ups competing for the cores.
    for (const [codec, topic] of topics) await javaConsoleProduce((java as { classpath: string }).classpath, kafkaBrokers(), topic, codec, lines);
    for (const topic of topics.values()) expect((await bus.endOffsets(topic))[0]!.nextOffset).toBe(String(COUNT));
  });

  for (const client of CLIENTS) {
    for (const codec of javaCodecsOf(client)) {
      it(`are consumed by ${client}: ${codec}`, { timeout: 60_000 }, async () => {
        const reader = createKafkaBus({ brokers: kafkaBrokers(), client, sessionTimeoutMs: 6_000 });
        try {
          const records = await consumeAll(reader, topics.get(codec)!, COUNT);
          expect(asLines(records)).toEqual(lines);
        } finally {
          await reader.close();
        }
      });
    }
  }

  it('snappy from the Java producer is not read by @platformatic/kafka 1.35 (its wasm snappy decoder traps)', { timeout: 60_000 }, async () => {
    const topic = topics.get('snappy')!;
    const consumer = new Consumer({ clientId: 'codec-spec', groupId: uniqueName('codec'), bootstrapBrokers: kafkaBrokers(), retries: 0 });
    try {
      const metadata = await consumer.metadata({ topics: [topic] });
      const { id, partitions } = metadata.topics.get(topic)!;
      const fetchFromStart = { partition: 0, fetchOffset: 0n, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1, lastFetchedEpoch: -1 };
      await expect(consumer.fetch({ node: partitions[0]!.leader, topics: [{ topicId: id, partitions: [fetchFromStart] }] })).rejects.toThrow();
    } finally {
      await consumer.close();
    }
  });
});

describe('our producer in each codec', () => {
  for (const client of CLIENTS) {
    test(`${client} produces ${codecsOf(client).join(', ')} batches the broker takes and our consumer reads back`, { timeout: 90_000 }, async () => {
      for (const compression of codecsOf(client)) {
        const bus = createKafkaBus({ brokers: kafkaBrokers(), client, compression, sessionTimeoutMs: 6_000 });
        try {
          const topic = uniqueName(`ours-${compression}`);
          await bus.ensureTopic(topic, 1);
          await bus.produce(
            topic,
            lines.map((line) => ({ key: line.split('\t')[0]!, value: line.split('\t')[1]! })),
          );
          expect(asLines(await consumeAll(bus, topic, COUNT))).toEqual(lines);
        } finally {
          await bus.close();
        }
      }
    });
  }
});
