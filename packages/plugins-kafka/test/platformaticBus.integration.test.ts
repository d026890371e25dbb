// Specs of PlatformaticBus on the test broker: a member fetches from the position the store holds, also when that
// position is past the partition's end (a topic made again): it waits there instead of failing on OFFSET_OUT_OF_RANGE.

import { afterAll, describe, expect, it } from 'vitest';
import type { ConsumedRecord, OffsetPosition } from '@skimmer/core';
import { PlatformaticBus } from '../src/platformaticBus.ts';
import { kafkaBrokers, uniqueName } from '../../../test-support/testServices.ts';

const bus = new PlatformaticBus({ brokers: kafkaBrokers(), client: 'platformatic', sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500 });
afterAll(() => bus.close());

/** Appends records `from`..`to`-1 (key = their number) to `topic`. */
const produceRange = (topic: string, from: number, to: number): Promise<void> =>
  bus.produce(
    topic,
    Array.from({ length: to - from }, (_, i) => ({ key: String(from + i), value: `record ${from + i}` })),
  );

/** A one-partition topic holding records 0..99 (key = offset). */
async function hundredRecords(): Promise<string> {
  const topic = uniqueName('platformatic');
  await bus.ensureTopic(topic, 1);
  await produceRange(topic, 0, 100);
  return topic;
}

/**
 * The offsets a fresh group reads from `topic` when the store says it holds everything before `stored`; `meanwhile`
 * runs once the member consumes.
 */
async function readFrom(topic: string, stored: number, expected: number, meanwhile?: () => Promise<void>): Promise<string[]> {
  const records: ConsumedRecord[] = [];
  let resolve!: () => void;
  const all = new Promise<void>((r) => (resolve = r));
  const fromOffsets = async (): Promise<OffsetPosition[]> => [{ partition: 0, nextOffset: String(stored) }];
  const consumption = await bus.consume({ topic, group: uniqueName('platformatic'), fromOffsets }, async (batch) => {
    await batch.heartbeat();
    records.push(...batch.records);
    if (records.length >= expected) resolve();
  });
  const timeout = setTimeout(resolve, 30_000);
  await meanwhile?.();
  await all;
  clearTimeout(timeout);
  await consumption.stop();
  return records.map((r) => r.offset);
}

const range = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => String(from + i));

describe('PlatformaticBus consumer', () => {
  it('starts at the position the store holds', { timeout: 60_000 }, async () => {
    const topic = await hundredRecords();
    expect(await bus.endOffsets(topic)).toEqual([{ partition: 0, nextOffset: '100' }]);
    expect(await readFrom(topic, 30, 70)).toEqual(range(30, 100));
  });

  it('waits at a stored position past the end of the partition and takes the records from there on', { timeout: 60_000 }, async () => {
    const topic = await hundredRecords();
    // The store is at 150 (the topic was made again, say): 100..149 are skipped as stored, 150.. are taken.
    const read = await readFrom(topic, 150, 10, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // the member has fetched past the end and clamped
      await produceRange(topic, 100, 160);
    });
    expect(read).toEqual(range(150, 160));
  });
});
