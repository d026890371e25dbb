// Specification of the collector's resume read (readTopicResume) on a real broker, on both Kafka clients: it starts at
// the tail of each partition whatever its reading group committed before, on every start in a row, and on several partitions.

import { Kafka } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { type Bus, type BusRecord, RESUME_HEADERS, readTopicResume } from '@skimmer/core';
import { KafkaBus } from '../src/kafkaBus.ts';
import { PlatformaticBus } from '../src/platformaticBus.ts';
import { kafkaBrokers } from '../../../test-support/testServices.ts';

/** One produced batch of `count` records, keyed so that they spread over the partitions. */
const batch = (n: number, count: number, sourceKey = 'src'): BusRecord[] =>
  Array.from({ length: count }, (_, i) => ({
    key: `${n}-${i}`,
    value: '{}',
    headers: { [RESUME_HEADERS.batch]: String(n), [RESUME_HEADERS.resume]: `c${n}`, [RESUME_HEADERS.sourceKey]: sourceKey },
  }));

/** readTopicResume as the collector runs it, timed; fails where a start takes more than `timeoutMs` (no BUS_TIMEOUT masking it). */
async function resume(bus: Bus, topic: string, sourceKey = 'src') {
  const warnings: string[] = [];
  const started = Date.now();
  const result = await readTopicResume(bus, topic, {
    group: `${topic}.collector-resume`,
    sourceKey,
    timeoutMs: 20_000,
    logger: { warn: (_o, msg) => void warnings.push(String(msg)) },
  });
  return { ...result, ms: Date.now() - started, warnings };
}

for (const [client, create] of [
  ['kafkajs', () => new KafkaBus({ brokers: kafkaBrokers(), compression: 'none' })],
  ['platformatic', () => new PlatformaticBus({ brokers: kafkaBrokers(), compression: 'none' })],
] as const) {
  describe(`readTopicResume on a real broker (${client})`, () => {
    const bus: Bus = create();
    afterAll(() => bus.close());

    it('three starts in a row, the last two with nothing new on the topic, each resume at once from the newest batch', { timeout: 60_000 }, async () => {
      const topic = `topic-resume-runs-${client}-${Date.now()}`;
      await bus.ensureTopic(topic, 1);
      await bus.produce(topic, [...batch(0, 5), ...batch(1, 5)]);
      for (let run = 1; run <= 3; run++) {
        const r = await resume(bus, topic);
        expect({ run, cursor: r.cursor, nextBatch: r.nextBatch, warnings: r.warnings }).toEqual({ run, cursor: 'c1', nextBatch: 2n, warnings: [] });
        expect(r.ms).toBeLessThan(10_000);
      }
    });

    it('reads the tail of each of several partitions (empty ones included) and resumes from the newest batch of any of them', { timeout: 60_000 }, async () => {
      const topic = `topic-resume-partitions-${client}-${Date.now()}`;
      await bus.ensureTopic(topic, 4);
      expect((await resume(bus, topic)).nextBatch).toBe(0n);
      // Keys 'k' spread over some partitions only: others stay empty.
      await bus.produce(topic, batch(0, 40));
      await bus.produce(topic, batch(1, 3));
      for (let run = 1; run <= 2; run++) {
        const r = await resume(bus, topic);
        expect({ cursor: r.cursor, nextBatch: r.nextBatch, warnings: r.warnings }).toEqual({ cursor: 'c1', nextBatch: 2n, warnings: [] });
        expect(r.ms).toBeLessThan(10_000);
      }
    });

    it('finds the newest batch of its own source behind newer batches of another source on the same topic', { timeout: 60_000 }, async () => {
      const topic = `topic-resume-sources-${client}-${Date.now()}`;
      await bus.ensureTopic(topic, 2);
      await bus.produce(topic, batch(0, 10, 'a'));
      await bus.produce(topic, batch(1, 10, 'b'));
      await bus.produce(topic, batch(2, 10, 'b'));
      expect(await resume(bus, topic, 'a')).toMatchObject({ cursor: 'c0', nextBatch: 3n, warnings: [] });
      const other = await resume(bus, topic, 'c');
      expect(other).toMatchObject({ cursor: null, nextBatch: 3n });
      expect(other.warnings).toEqual([expect.stringContaining('hold no batch of this source (c)')]);
    });

    it('skips a partition that retention emptied (low = high > 0) instead of waiting for a record that never comes', { timeout: 60_000 }, async () => {
      const topic = `topic-resume-emptied-${client}-${Date.now()}`;
      await bus.ensureTopic(topic, 1);
      await bus.produce(topic, batch(0, 5));
      const admin = new Kafka({ brokers: kafkaBrokers(), logLevel: 0 }).admin();
      await admin.connect();
      try {
        await admin.fetchTopicMetadata({ topics: [topic] });
        await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '-1' }] });
      } finally {
        await admin.disconnect();
      }
      const r = await resume(bus, topic);
      expect({ cursor: r.cursor, nextBatch: r.nextBatch, warnings: r.warnings }).toEqual({ cursor: null, nextBatch: 0n, warnings: [] });
      expect(r.ms).toBeLessThan(10_000);
    });
  });
}
