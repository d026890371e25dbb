// Specs: the fork's fetched-record decoder (vendor/kafkajs) gives exactly the record objects kafkajs 2.2.4 as published gives, for every kind of key, value, header, offset, timestamp and batch.

import assert from 'node:assert';
import { describe, expect, it, test } from 'vitest';
import { RECORD_DECODER, crc32c, decodeRecord, encodeRecord, forkModule, kafkajsDecodeRecord, stockModule } from './kafkajsFork.ts';
import type { BatchContext, DecodedRecord, KafkajsDecoder, RecordInput } from './kafkajsFork.ts';

const BATCH_DECODER = 'src/protocol/recordBatch/v0/decoder.js';

/** A record as kafkajs's Encoder.writeEncoderArray takes it. */
interface EncodedRecord {
  buf: Buffer;
  buffer: Buffer;
}
interface BatchArgs {
  compression?: number;
  firstOffset?: string;
  firstTimestamp?: number | string;
  maxTimestamp?: number | string;
  lastOffsetDelta?: number;
  transactional?: boolean;
  records: EncodedRecord[];
}
interface DecodedBatch {
  records: DecodedRecord[];
  [field: string]: unknown;
}
type BatchDecoder = (decoder: KafkajsDecoder) => Promise<DecodedBatch>;

const Decoder = forkModule('src/protocol/decoder.js') as new (buffer: Buffer) => KafkajsDecoder;
// kafkajs as it ships: its RecordBatch and Record encoders, and its RecordBatch decoder with its own Record decoder.
const { RecordBatch } = stockModule<{ RecordBatch: (args: BatchArgs) => Promise<{ buffer: Buffer }> }>('src/protocol/recordBatch/v0/index.js');
const kafkajsRecord = stockModule<(input: RecordInput) => EncodedRecord>('src/protocol/recordBatch/record/v0/index.js');
const kafkajsBatchDecoder = stockModule<BatchDecoder>(BATCH_DECODER);
// The fork's RecordBatch decoder (upstream's code, with the fork's Record decoder).
const batchDecoder = forkModule(BATCH_DECODER) as BatchDecoder;
const GZIP = 1; // kafkajs's CompressionTypes.GZIP

const NOW = 1_700_000_123_456;
const TIMESTAMP_TYPE_LOG_APPEND_TIME = 0x08;
const TRANSACTIONAL = 0x10;
const CONTROL = 0x20;
/** Where a RecordBatch's Attributes (int16) are: after FirstOffset, Length, PartitionLeaderEpoch, Magic and CRC. */
const ATTRIBUTES_AT = 8 + 4 + 4 + 1 + 4;

/** A RecordBatch as kafkajs encodes it, with `flags` set in its Attributes afterwards (kafkajs's decoder checks no CRC). */
async function batchBytes(args: BatchArgs, flags = 0): Promise<Buffer> {
  const bytes = Buffer.from((await RecordBatch({ lastOffsetDelta: args.records.length - 1, ...args })).buffer);
  bytes.writeInt16BE(bytes.readInt16BE(ATTRIBUTES_AT) | flags, ATTRIBUTES_AT);
  return bytes;
}

/** Offset, timestamp and headers' prototype of each record, as a set of strings (all the same: 'string string true'). */
const kinds = (records: DecodedRecord[]): string[] => [
  ...new Set(records.map((r) => `${typeof r.offset} ${typeof r.timestamp} ${Object.getPrototypeOf(r.headers) === Object.prototype}`)),
];

/**
 * Decodes the batch with kafkajs as it ships and as swapped; expects the same batch and records (Node's deep strict
 * equality on all of them, vitest's on up to 40: it takes seconds for 5,000), offsets and timestamps strings.
 */
async function expectKafkajsRecords(bytes: Buffer): Promise<DecodedRecord[]> {
  const theirs = await kafkajsBatchDecoder(new Decoder(bytes));
  const ours = await batchDecoder(new Decoder(bytes));
  assert.deepStrictEqual(ours, theirs);
  const sample = (batch: DecodedBatch): DecodedBatch => ({ ...batch, records: [...batch.records.slice(0, 20), ...batch.records.slice(20).slice(-20)] });
  expect(sample(ours)).toStrictEqual(sample(theirs));
  expect(kinds(ours.records)).toEqual(['string string true']);
  expect(kinds(theirs.records)).toEqual(['string string true']);
  return ours.records;
}

/** Records of every kind: null, empty, string and Buffer keys and values, headers none, one, repeated, Buffers. */
const mixedRecords = (): RecordInput[] => [
  { key: '1377650090978992134', value: '{"data":{"id":"1377650090978992134","text":"hi"}}', headers: { source: 'replay' } },
  { key: Buffer.from([0, 1, 2, 255]), value: Buffer.alloc(300, 7) },
  { key: null, value: 'null key' },
  { key: 'null value', value: null },
  { key: null, value: null, headers: {} },
  { value: 'no key, no headers' },
  {
    key: 'ключ',
    value: 'j’ai 🤖'.repeat(50),
    headers: { naïve: 'ü', bytes: Buffer.from([9, 8]), many: ['1', Buffer.from('2'), ''], two: ['a', 'b'], none: [] },
  },
  { key: 'k', value: 'v'.repeat(20_000), headers: { 'a b': Buffer.alloc(0), z: 'last' } },
  { key: Buffer.alloc(0), value: '', headers: { empty: Buffer.alloc(0) } },
];

/** `count` records of about 510 bytes, as the collector produces. */
const bulkRecords = (count: number): RecordInput[] =>
  Array.from({ length: count }, (_, i) => {
    const id = String(1_377_650_090_978_992_134n + BigInt(i));
    const line = `{"data":{"id":"${id}","text":"${'post text '.repeat(44)}","created_at":"2021-04-01T16:00:00.000Z"}}`;
    return { key: id, value: i % 2 === 0 ? line : Buffer.from(line), headers: { source: 'replay' } };
  });

/** Records numbered from offset delta 0, each with its timestamp delta. */
const withDeltas = (records: RecordInput[], timestampDelta: (i: number) => number = () => 0): EncodedRecord[] =>
  records.map((record, i) => kafkajsRecord({ ...record, offsetDelta: i, timestampDelta: timestampDelta(i) }));

// Varints and bytes as Kafka writes them, for records kafkajs's encoder cannot write.
const zigZag = (n: bigint): bigint => (n >= 0n ? n * 2n : -n * 2n - 1n);
function varint(n: number | bigint): number[] {
  let u = zigZag(BigInt(n));
  const bytes: number[] = [];
  while (u >= 128n) {
    bytes.push(Number(u % 128n) | 128);
    u /= 128n;
  }
  return [...bytes, Number(u)];
}
const varBytes = (b: Buffer | null): number[] => (b === null ? varint(-1) : [...varint(b.length), ...b]);
/** A record written byte by byte: header names may be null, the timestamp delta any varlong. */
function rawRecord(
  timestampDelta: bigint,
  offsetDelta: number,
  key: Buffer | null,
  value: Buffer | null,
  headers: Array<[Buffer | null, Buffer | null]>,
): EncodedRecord {
  const body = [0, ...varint(timestampDelta), ...varint(offsetDelta), ...varBytes(key), ...varBytes(value), ...varint(headers.length)];
  for (const [name, headerValue] of headers) body.push(...varBytes(name), ...varBytes(headerValue));
  const buf = Buffer.from([...varint(body.length), ...body]);
  return { buf, buffer: buf };
}

describe('decodeRecord', () => {
  it("is the fork's Record decoder, compared with kafkajs as it ships", () => {
    expect(forkModule(RECORD_DECODER)).toBe(decodeRecord);
    // The specs compare with kafkajs as published: its own Record decoder and RecordBatch decoder.
    expect(kafkajsDecodeRecord).toBeTypeOf('function');
    expect(kafkajsDecodeRecord).not.toBe(decodeRecord);
    expect(stockModule(BATCH_DECODER)).not.toBe(batchDecoder);
  });

  it('decodes keys, values and headers of every kind as kafkajs does', async () => {
    const records = await expectKafkajsRecords(
      await batchBytes({ firstOffset: '0', firstTimestamp: NOW, maxTimestamp: NOW + 9, records: withDeltas(mixedRecords(), (i) => i * 1000) }),
    );
    expect(records.map((r) => r.offset)).toEqual(mixedRecords().map((_, i) => String(i)));
    expect(records[6]!.headers.many).toEqual([Buffer.from('1'), Buffer.from('2'), Buffer.alloc(0)]);
  });

  it('decodes header names that objects inherit, and __proto__, as kafkajs does', async () => {
    // kafkajs's decoder finds `toString` and `constructor` already there (inherited) and makes arrays of them, and
    // makes `__proto__` an own property (an array of Object.prototype and the value).
    const headers = JSON.parse('{"toString":"t","constructor":"c","__proto__":"p","1":"one"}') as Record<string, string>;
    const bytes = await batchBytes({
      firstOffset: '3',
      firstTimestamp: NOW,
      maxTimestamp: NOW,
      records: withDeltas([
        { key: 'k', value: 'v', headers },
        { key: 'k', value: 'v', headers: { a: 'b' } },
      ]),
    });
    const theirs = await kafkajsBatchDecoder(new Decoder(bytes));
    const ours = await batchDecoder(new Decoder(bytes));
    // Node's deep equality: vitest's compares `constructor` properties, here arrays made for each record.
    assert.deepStrictEqual(ours, theirs);
    expect(Object.getOwnPropertyNames(ours.records[0]!.headers)).toEqual(['1', 'toString', 'constructor', '__proto__']);
    expect(ours.records[0]!.headers.toString).toEqual([Object.prototype.toString, Buffer.from('t')]);
  });

  it('decodes null header values, null header names and repeated null values as kafkajs does', async () => {
    const b = (s: string): Buffer => Buffer.from(s);
    const records = [
      rawRecord(0n, 0, null, b('v'), [[b('n'), null]]),
      rawRecord(1n, 1, b('k'), null, [
        [b('n'), null],
        [b('n'), b('x')],
        [b('n'), null],
      ]),
      rawRecord(2n, 2, null, null, [
        [null, b('null name')],
        [b('null'), b('again')],
      ]),
    ];
    const decoded = await expectKafkajsRecords(await batchBytes({ firstOffset: '5', firstTimestamp: NOW, maxTimestamp: NOW, records }));
    expect(decoded[1]!.headers).toEqual({ n: [null, b('x'), null] });
  });

  it.each([
    ['near 0', '0', [0, 1, 2, 3]],
    ['in the millions', '123456789', [0, 1, 2, 1000, 2 ** 31 - 1]],
    ['at 2^53 (Number arithmetic up to MAX_SAFE_INTEGER, then BigInt)', '9007199254740990', [0, 1, 2, 3, 4, 5, 2 ** 31 - 1]],
    ['above 2^53', '9007199254740993', [0, 1, 2, 1_000_000]],
    ['near 2^63', '9223372036854775000', [0, 1, 807, 808, 2 ** 31 - 1]],
  ])('gives offsets %s as kafkajs does', async (_, firstOffset, deltas) => {
    const records = deltas.map((delta, i) => kafkajsRecord({ offsetDelta: delta, timestampDelta: i, key: String(i), value: 'x' }));
    const decoded = await expectKafkajsRecords(await batchBytes({ firstOffset, firstTimestamp: NOW, maxTimestamp: NOW, records }));
    expect(decoded.map((r) => r.offset)).toEqual(deltas.map((delta) => String(BigInt(firstOffset) + BigInt(delta))));
  });

  it.each([
    ['explicit, unsorted (negative deltas too)', NOW, [0, 5, -3, 1000, 86_400_000, -NOW]],
    ['-1 (no timestamp)', -1, [0, 0, 1]],
    ['needing 8 to 10 varlong bytes', NOW, [2 ** 48, -(2 ** 48), 2 ** 50, -(2 ** 52), 2n ** 62n, -(2n ** 63n)]],
    ['at 2^53', 2 ** 53 - 3, [0, 1, 2, 3, 4, 2 ** 40]],
    ['near 2^63', '9223372036854775000', [0, 807, -(2 ** 52)]],
  ])('gives timestamps %s as kafkajs does', async (_, firstTimestamp, deltas) => {
    const records = (deltas as Array<number | bigint>).map((delta, i) => rawRecord(BigInt(delta), i, Buffer.from(String(i)), Buffer.from('x'), []));
    const decoded = await expectKafkajsRecords(await batchBytes({ firstOffset: '7', firstTimestamp, maxTimestamp: NOW, records }));
    expect(decoded.map((r) => r.timestamp)).toEqual((deltas as Array<number | bigint>).map((delta) => String(BigInt(firstTimestamp) + BigInt(delta))));
  });

  it("gives a LOG_APPEND_TIME batch's records its maxTimestamp as kafkajs does", async () => {
    const records = [...withDeltas(mixedRecords(), (i) => i * 7), rawRecord(2n ** 60n, 99, null, null, [])];
    const decoded = await expectKafkajsRecords(
      await batchBytes({ firstOffset: '100', firstTimestamp: NOW, maxTimestamp: NOW + 42, records }, TIMESTAMP_TYPE_LOG_APPEND_TIME),
    );
    expect(new Set(decoded.map((r) => r.timestamp))).toEqual(new Set([String(NOW + 42)]));
    expect(decoded[0]!.batchContext.timestampType).toBe(1);
  });

  it('marks the records of a control batch as kafkajs does', async () => {
    // A transaction marker (COMMIT): key version 0 and type 1, value version 0 and coordinator epoch 3.
    const marker = rawRecord(0n, 0, Buffer.from([0, 0, 0, 1]), Buffer.from([0, 0, 0, 0, 0, 3]), []);
    const decoded = await expectKafkajsRecords(
      await batchBytes({ firstOffset: '31', firstTimestamp: NOW, maxTimestamp: NOW, records: [marker] }, TRANSACTIONAL | CONTROL),
    );
    expect(decoded[0]!.isControlRecord).toBe(true);
  });

  it('decodes GZIP batches as kafkajs does', async () => {
    await expectKafkajsRecords(
      await batchBytes({
        compression: GZIP,
        firstOffset: '9007199254740000',
        firstTimestamp: NOW,
        maxTimestamp: NOW,
        records: withDeltas([...mixedRecords(), ...bulkRecords(1000)], (i) => i),
      }),
    );
  });

  it('decodes batches of 5,000 records of ~510 bytes as kafkajs does', async () => {
    const records = withDeltas(bulkRecords(5000), (i) => (i * 7919) % 5003);
    await expectKafkajsRecords(await batchBytes({ firstOffset: '1234567890', firstTimestamp: NOW, maxTimestamp: NOW + 5003, records }));
    await expectKafkajsRecords(
      await batchBytes({ firstOffset: '9007199254738000', firstTimestamp: NOW, maxTimestamp: NOW + 5003, records }, TIMESTAMP_TYPE_LOG_APPEND_TIME),
    );
  });

  /** What calling `decode` gives: its result, or its error's class and message. */
  function outcome(decode: () => DecodedRecord): { record: DecodedRecord } | { error: [string, string] } {
    try {
      return { record: decode() };
    } catch (error) {
      return { error: [(error as Error).constructor.name, (error as Error).message] };
    }
  }

  it.each<[string, BatchContext | undefined]>([
    ['no context', undefined],
    ['an empty context', {}],
    ['LOG_APPEND_TIME without maxTimestamp', { firstOffset: '1', firstTimestamp: '2', timestampType: 1 }],
    ['LOG_APPEND_TIME with an empty maxTimestamp', { firstOffset: '1', firstTimestamp: '2', timestampType: 1, maxTimestamp: '' }],
    ['numbers for firstOffset and firstTimestamp', { firstOffset: 41 as unknown as string, firstTimestamp: NOW as unknown as string }],
    ['strings that are not written as String() writes numbers', { firstOffset: ' 0x10', firstTimestamp: '0017', magicByte: 2 }],
    ['NaN and Infinity', { firstOffset: 'NaN', firstTimestamp: 'Infinity' }],
    ['an empty firstOffset', { firstOffset: '', firstTimestamp: '1' }],
    ['negative ones', { firstOffset: '-5', firstTimestamp: '-9007199254740991', isControlBatch: true }],
  ])('returns or throws what kafkajs does, given %s', (_, context) => {
    const bytes = rawRecord(-3n, 4, Buffer.from('k'), null, [[Buffer.from('h'), Buffer.from('v')]]).buf.subarray(1);
    expect(outcome(() => decodeRecord(new Decoder(bytes), context))).toStrictEqual(outcome(() => kafkajsDecodeRecord!(new Decoder(bytes), context)));
  });

  it('fails on a negative header count other than -1 as kafkajs does, and reads -1 as no headers', () => {
    for (const count of [-1, -2]) {
      const bytes = Buffer.from([0, ...varint(0), ...varint(0), ...varint(-1), ...varint(-1), ...varint(count)]);
      const context = { firstOffset: '0', firstTimestamp: '0' };
      expect(outcome(() => decodeRecord(new Decoder(bytes), context))).toStrictEqual(outcome(() => kafkajsDecodeRecord!(new Decoder(bytes), context)));
    }
  });
});

test('the docstring example of decodeRecord holds', () => {
  const bytes = encodeRecord({ offsetDelta: 2, timestampDelta: 5, key: '1', value: 'x', headers: { source: 'replay' } }).buffer.subarray(1);
  const context = { firstOffset: '41', firstTimestamp: '1700000000000', magicByte: 2, timestampType: 0 };
  expect(decodeRecord(new Decoder(bytes), context)).toStrictEqual({
    magicByte: 2,
    attributes: 0,
    timestamp: '1700000000005',
    offset: '43',
    key: Buffer.from('1'),
    value: Buffer.from('x'),
    headers: { source: Buffer.from('replay') },
    isControlRecord: false,
    batchContext: context,
  });
  expect(stockModule('src/protocol/recordBatch/crc32C/index.js') !== crc32c).toBe(true);
});
