// Specs: topics compressed with gzip, snappy, lz4 and zstd by Apache Kafka's own Java producer are consumed by our bus
// (kafkajs and the fork), and our bus produces each codec for itself (the broker validates every batch it accepts).

import { afterAll, describe, expect, it, test } from 'vitest';
import type { ConsumedRecord } from '@skimmer/core';
import { KafkaBus } from '../src/kafkaBus.ts';
import { lz4Codec, zstdCodec } from '../src/kafkaCodecs.ts';
import { javaConsoleProduce, javaKafkaClasspath } from './javaKafka.ts';
import { kafkaBrokers, uniqueName } from '../../../test-support/testServices.ts';

const CODECS = ['gzip', 'snappy', 'lz4', 'zstd'] as const;
const CLIENTS = ['kafkajs', 'kafkajs-fork'] as const;
const COUNT = 2_000;

/** Post-like lines: key = id, value = JSON with multi-byte text, repetitive enough to compress. */
const lines = Array.from(
  { length: COUNT },
  (_, i) => `${1_700_000_000_000 + i}\t${JSON.stringify({ id: String(i), text: `post ${i} about AI — données ${'x'.repeat(i % 50)}` })}`,
);

/** Every record of `topic` (one partition) read by a fresh consumer group of `bus`. */
async function consumeAll(bus: KafkaBus, topic: string, count: number): Promise<ConsumedRecord[]> {
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
    for (const codec of CODECS) {
      it(`are consumed by ${client}: ${codec}`, { timeout: 60_000 }, async () => {
        const reader = new KafkaBus({ brokers: kafkaBrokers(), client, sessionTimeoutMs: 6_000 });
        try {
          const records = await consumeAll(reader, topics.get(codec)!, COUNT);
          expect(asLines(records)).toEqual(lines);
        } finally {
          await reader.close();
        }
      });
    }
  }
});

describe('our producer in each codec', () => {
  for (const client of CLIENTS) {
    test(`${client} produces gzip, snappy, lz4 and zstd batches the broker takes and our consumer reads back`, { timeout: 90_000 }, async () => {
      for (const compression of CODECS) {
        const bus = new KafkaBus({ brokers: kafkaBrokers(), client, compression, sessionTimeoutMs: 6_000 });
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
