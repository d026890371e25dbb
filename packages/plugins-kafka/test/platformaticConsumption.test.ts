// Specification of fetchedRecords: the records a @platformatic/kafka fetch gives the handler, from the store's position on.

import { describe, expect, it } from 'vitest';
import { fetchedRecords } from '../src/platformaticConsumption.ts';

type Batches = Parameters<typeof fetchedRecords>[2];

/** A record batch at `firstOffset` holding one record per key (`attributes` 0x20: a control batch). */
function batch(firstOffset: bigint, keys: readonly string[], attributes = 0): NonNullable<Batches>[number] {
  return {
    firstOffset,
    length: 0,
    partitionLeaderEpoch: 0,
    magic: 2,
    crc: 0,
    attributes,
    lastOffsetDelta: keys.length - 1,
    firstTimestamp: 1_700_000_000_000n,
    maxTimestamp: 1_700_000_000_000n,
    producerId: 1n,
    producerEpoch: 0,
    firstSequence: 0,
    records: keys.map((key, i) => ({
      length: 0,
      attributes: 0,
      timestampDelta: BigInt(i),
      offsetDelta: i,
      key: Buffer.from(key),
      value: Buffer.from(`{"id":"${key}"}`),
      headers: [[Buffer.from('source'), Buffer.from('replay')]],
    })),
  };
}

describe('fetchedRecords', () => {
  it('leaves out the records of a batch before the stored position (a compressed batch starts earlier)', () => {
    const { records, next } = fetchedRecords('posts', 2, [batch(10n, ['a', 'b', 'c', 'd'])], 12n);
    expect(records.map((r) => [r.offset, r.key])).toEqual([
      ['12', 'c'],
      ['13', 'd'],
    ]);
    expect(records[0]).toMatchObject({ topic: 'posts', partition: 2, headers: { source: 'replay' }, timestamp: 1_700_000_000_002 });
    expect(Buffer.from(records[0]!.value).toString()).toBe('{"id":"c"}');
    expect(next).toBe(14n);
  });

  it('skips control batches (transaction markers) but fetches past them', () => {
    const { records, next } = fetchedRecords('posts', 0, [batch(0n, ['a']), batch(1n, ['marker'], 0x20)], 0n);
    expect(records.map((r) => r.key)).toEqual(['a']);
    expect(next).toBe(2n);
  });

  it('takes what a partition has past a gap (records removed by retention)', () => {
    const { records, next } = fetchedRecords('posts', 0, [batch(50n, ['x', 'y'])], 10n);
    expect(records.map((r) => r.offset)).toEqual(['50', '51']);
    expect(next).toBe(52n);
  });

  it('gives nothing and stays put when the fetch returned no batch', () => {
    expect(fetchedRecords('posts', 0, undefined, 7n)).toEqual({ records: [], next: 7n });
  });
});
