// Specification of KafkaBus.produce: one call of any size is sent in requests the broker accepts (message.max.bytes).

import { afterAll, describe, expect, it } from 'vitest';
import type { BusRecord } from '@skimmer/core';
import { KafkaBus, produceChunks } from '../src/kafkaBus.ts';
import { kafkaBrokers } from '../../../test-support/testServices.ts';

const record = (i: number, bytes: number): BusRecord => ({ key: String(i), value: 'x'.repeat(bytes), headers: { source: 'test' } });

describe('produceChunks', () => {
  it('keeps the records in order in runs of at most maxBytes', () => {
    const records = Array.from({ length: 10 }, (_, i) => record(i, 100)); // 100 + 1 + 32 + 12 bytes each: 145
    const chunks = produceChunks(records, 500);
    expect(chunks.map((c) => c.map((r) => r.key))).toEqual([['0', '1', '2'], ['3', '4', '5'], ['6', '7', '8'], ['9']]);
  });

  it('sends a record larger than maxBytes alone', () => {
    const chunks = produceChunks([record(0, 10), record(1, 1000), record(2, 10)], 500);
    expect(chunks.map((c) => c.map((r) => r.key))).toEqual([['0'], ['1'], ['2']]);
  });
});

describe('KafkaBus.produce on a real broker', () => {
  const bus = new KafkaBus({ brokers: kafkaBrokers(), compression: 'none' });
  afterAll(() => bus.close());

  it('stores 3,000 records of 2 kB (6 MB, one partition) from one call, past the broker’s 1 MiB batch limit', async () => {
    const topic = `produce-chunks-${Date.now()}`;
    await bus.ensureTopic(topic, 1);
    await bus.produce(
      topic,
      Array.from({ length: 3000 }, (_, i) => record(i, 2000)),
    );
    expect(await bus.endOffsets(topic)).toEqual([{ partition: 0, nextOffset: '3000' }]);
  });
});
