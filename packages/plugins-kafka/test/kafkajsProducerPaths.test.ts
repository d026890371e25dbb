// Specs: the producer's fast paths (murmur2 partitioner, linear grouping, record encoder, CRC32-C) give exactly what kafkajs's own code gives.

import { describe, expect, it, test } from 'vitest';
import {
  CRC32C,
  GROUPING,
  RECORD_ENCODER,
  crc32c,
  encodeRecord,
  forkModule,
  groupMessagesPerPartition,
  kafkajsCrc32c,
  kafkajsEncodeRecord,
  stockModule,
} from './kafkajsFork.ts';
import { Murmur2Partitioner, murmur2 } from '../src/murmur2Partitioner.ts';
import type { RecordInput } from './kafkajsFork.ts';
import { Partitioners } from 'kafkajs';

const kafkajsMurmur2 = stockModule('src/producer/partitioners/default/murmur2.js') as (key: Buffer | string) => number;

/** Deterministic pseudo-random keys: post ids, short and long strings, multi-byte UTF-8, every length 0..40. */
function sampleKeys(): string[] {
  let seed = 12345;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const keys = ['', 'a', 'ab', 'abc', '1377650090978992134', 'Jaí j’ai 🤖 data', 'x'.repeat(1000)];
  for (let i = 0; i < 3000; i++) {
    const length = next() % 41;
    let key = '';
    for (let j = 0; j < length; j++) key += String.fromCodePoint(next() % 3 === 0 ? 0x80 + (next() % 0x2000) : 0x20 + (next() % 95));
    keys.push(key);
  }
  return keys;
}

const metadata = (n: number) => Array.from({ length: n }, (_, i) => ({ partitionId: i, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0 }));

describe('murmur2', () => {
  it("gives Apache Kafka's own test vectors (UtilsTest.testMurmur2)", () => {
    const vectors: Record<string, number> = {
      '21': -973932308,
      foobar: -790332482,
      'a-little-bit-long-string': -985981536,
      'a-little-bit-longer-string': -1486304829,
      lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8: -58897971,
      abc: 479470107,
      '': 275646681,
    };
    for (const [key, hash] of Object.entries(vectors)) expect(murmur2(Buffer.from(key))).toBe(hash);
  });

  it('hashes every sample key exactly as kafkajs does', () => {
    for (const key of sampleKeys()) expect(murmur2(Buffer.from(key))).toBe(kafkajsMurmur2(key));
  });

  it('gives the Java client the partitions kafkajs would, for 1 to 12 partitions', () => {
    const ours = Murmur2Partitioner();
    const theirs = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 3, 4, 12]) {
      for (const key of sampleKeys().slice(0, 500)) {
        const args = { topic: 't', partitionMetadata: metadata(partitions), message: { key, value: 'v' } };
        expect(ours(args)).toBe(theirs(args));
      }
    }
  });

  it('keeps an explicit partition and round-robins unkeyed messages over the partitions with a leader', () => {
    const partitioner = Murmur2Partitioner();
    expect(partitioner({ topic: 't', partitionMetadata: metadata(3), message: { key: 'k', value: 'v', partition: 2 } })).toBe(2);
    const withLeader = [...metadata(2), { partitionId: 2, leader: -1, replicas: [1], isr: [], partitionErrorCode: 0 }];
    const seen = Array.from({ length: 6 }, () => partitioner({ topic: 't', partitionMetadata: withLeader, message: { value: 'v' } }));
    expect(new Set(seen)).toEqual(new Set([0, 1]));
    expect(seen[0]).not.toBe(seen[1]);
  });
});

describe('groupMessagesPerPartition', () => {
  it('puts each message under its partition, in order', () => {
    const messages = Array.from({ length: 10 }, (_, i) => ({ partition: i % 3, value: String(i) }));
    const grouped = groupMessagesPerPartition({ topic: 't', partitionMetadata: metadata(3), messages, partitioner: ({ message }) => message.partition! });
    expect(grouped).toEqual({
      0: [messages[0], messages[3], messages[6], messages[9]],
      1: [messages[1], messages[4], messages[7]],
      2: [messages[2], messages[5], messages[8]],
    });
  });

  it("is the fork's own, not kafkajs's", () => {
    expect(forkModule(GROUPING)).toBe(groupMessagesPerPartition);
    expect(stockModule(GROUPING)).not.toBe(groupMessagesPerPartition);
  });

  it('groups 100,000 messages into one partition in linear time (kafkajs copies the array per message)', () => {
    const messages = Array.from({ length: 100_000 }, (_, i) => ({ value: String(i) }));
    const grouped = groupMessagesPerPartition({ topic: 't', partitionMetadata: metadata(1), messages, partitioner: () => 0 });
    expect(grouped[0]).toHaveLength(100_000);
  });
});

describe('encodeRecord', () => {
  const inputs: RecordInput[] = [
    { key: '1377650090978992134', value: '{"data":{"id":"1377650090978992134","text":"hi"}}', headers: { source: 'replay' } },
    { key: null, value: null, headers: {} },
    { key: Buffer.from([0, 1, 2, 255]), value: Buffer.alloc(300, 7), headers: { a: ['1', '2'], b: Buffer.from('x') } },
    { key: 'ключ', value: 'j’ai 🤖'.repeat(50), offsetDelta: 4_999, timestampDelta: 0 },
    { key: 'k', value: 'v'.repeat(20_000), offsetDelta: 70_000, timestampDelta: 123_456, headers: { empty: '' } },
    { value: 'no key, no headers', offsetDelta: 1 },
  ];

  it('writes the bytes kafkajs writes, for keys, values and headers of every kind', () => {
    for (const input of inputs) expect(encodeRecord(input).buffer.equals(kafkajsEncodeRecord!(input).buffer)).toBe(true);
  });

  it('writes the bytes kafkajs writes for every sample key as key and value', () => {
    for (const [i, key] of sampleKeys().entries()) {
      const input = { key, value: key.repeat(i % 7), offsetDelta: i, headers: { source: key } };
      expect(encodeRecord(input).buffer.equals(kafkajsEncodeRecord!(input).buffer)).toBe(true);
    }
  });

  it("is the fork's own, not kafkajs's", () => {
    expect(stockModule(RECORD_ENCODER)).not.toBe(encodeRecord);
  });
});

test('the docstring example of encodeRecord holds', () => {
  expect(encodeRecord({ key: '1', value: 'x', headers: { source: 'replay' } }).buffer.toString('hex')).toBe('2c00000002310278020c736f757263650c7265706c6179');
});

/** Deterministic pseudo-random bytes. */
function sampleBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
  return bytes;
}

describe('crc32c', () => {
  it('gives the CRC-32C check value and the RFC 3720 (iSCSI) B.4 vectors', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
    expect(crc32c(Buffer.alloc(32, 0x00))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c);
  });

  it('gives what kafkajs gives for every length 0..100 and a few large buffers', () => {
    for (const length of [...Array.from({ length: 101 }, (_, i) => i), 1023, 4096, 65_537, 1_000_003]) {
      const bytes = sampleBytes(length, length + 1);
      expect(crc32c(bytes)).toBe(kafkajsCrc32c!(bytes));
    }
  });

  it('gives what kafkajs gives for views at every offset into a larger buffer (byteOffset not a multiple of 8)', () => {
    const whole = sampleBytes(70_000, 7);
    for (let offset = 0; offset < 16; offset++) {
      for (const length of [0, 1, 3, 7, 8, 9, 15, 16, 17, 64, 100, 65_536 + offset]) {
        const view = whole.subarray(offset, offset + length);
        expect(crc32c(view)).toBe(kafkajsCrc32c!(view));
        expect(crc32c(new Uint8Array(view.buffer, view.byteOffset, view.length))).toBe(kafkajsCrc32c!(view));
      }
    }
  });

  it("is what the fork's RecordBatch uses, and its batches carry the CRC32-C of their body", async () => {
    expect(stockModule(CRC32C)).not.toBe(crc32c);
    const { RecordBatch } = forkModule('src/protocol/recordBatch/v0/index.js') as {
      RecordBatch: (args: { records: unknown[] }) => Promise<{ buffer: Buffer }>;
    };
    const { buffer } = await RecordBatch({
      records: [encodeRecord({ key: 'k', value: 'v'.repeat(1000) }), encodeRecord({ key: 'l', value: 'w', offsetDelta: 1 })],
    });
    // FirstOffset int64, Length int32, PartitionLeaderEpoch int32, Magic int8, CRC uint32, then the body it covers.
    expect(buffer.readUInt32BE(17)).toBe(crc32c(buffer.subarray(21)));
  });
});

test('the docstring example of crc32c holds', () => {
  expect(crc32c(Buffer.from('123456789')) === 0xe3069283).toBe(true);
});
