// Specs: our produce request (one exactly-sized buffer) encodes byte for byte what unpatched kafkajs 2.2.4 encodes, for every kind of record, timestamp, producer and compression.

import { afterEach, beforeEach, describe, expect, it, test, vi } from 'vitest';
import { CRC32C, PRODUCE_V3, RECORD_ENCODER, crc32c, encodeRecord, forkModule, produceRequest, stockModule, upstreamProduceRequest } from './kafkajsFork.ts';
import type { KafkajsEncoder, ProduceMessage, ProduceRequest, ProduceRequestArgs } from './kafkajsFork.ts';
// After the swaps above: loading kafkajs first would leave its producer with its own code.
import { CompressionTypes } from 'kafkajs';

type RequestFactory = (args: ProduceRequestArgs) => ProduceRequest;
const stockRequest = (version: number): RequestFactory => stockModule<RequestFactory>(`src/protocol/requests/produce/v${version}/request.js`);
const kafkajsV3 = stockRequest(3);

const NOW = 1_700_000_123_456;
beforeEach(() => {
  vi.spyOn(Date, 'now').mockReturnValue(NOW);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Index of the first byte where a and b differ (or of the end of the shorter), -1 when they are equal. */
function firstDifference(a: Buffer, b: Buffer): number {
  if (a.equals(b)) return -1;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Encodes args with our request and kafkajs's own; expects the same bytes, ours in one exactly-sized buffer. */
async function expectKafkajsBytes(
  args: ProduceRequestArgs,
  theirs: RequestFactory = kafkajsV3,
  ours: RequestFactory = produceRequest,
): Promise<KafkajsEncoder> {
  const encoded = await ours(args).encode();
  expect(firstDifference(encoded.buffer, (await theirs(args).encode()).buffer)).toBe(-1);
  expect(encoded.buf.length).toBe(encoded.size());
  return encoded;
}

/** Records of every kind: string and Buffer keys and values, null and absent ones, headers of every kind. */
const mixedMessages = (): ProduceMessage[] => [
  { key: '1377650090978992134', value: '{"data":{"id":"1377650090978992134","text":"hi"}}', headers: { source: 'replay' } },
  { key: Buffer.from([0, 1, 2, 255]), value: Buffer.alloc(300, 7) },
  { key: null, value: 'null key' },
  { key: 'null value', value: null },
  { value: 'no key, no headers' },
  { key: 'ключ', value: 'j’ai 🤖'.repeat(50), headers: { naïve: 'ü', bytes: Buffer.from([9, 8]), many: ['1', Buffer.from('2'), ''], none: [] } },
  { key: 'k', value: 'v'.repeat(20_000), headers: {} },
  { key: Buffer.alloc(0), value: '', headers: { empty: Buffer.alloc(0) } },
];

/** `count` records of about 510 bytes, as the collector produces (every other value a Buffer, as replay sends lines). */
function bulkMessages(count: number): ProduceMessage[] {
  return Array.from({ length: count }, (_, i) => {
    const id = String(1_377_650_090_978_992_134n + BigInt(i));
    const line = `{"data":{"id":"${id}","text":"${'post text '.repeat(44)}","created_at":"2021-04-01T16:00:00.000Z"}}`;
    return { key: id, value: i % 2 === 0 ? line : Buffer.from(line), headers: { source: 'replay' } };
  });
}

/** Ways messages carry timestamps (applied to copies of the messages). */
const timestampings: Record<string, (i: number) => number | string | undefined> = {
  none: () => undefined,
  'numbers, unsorted': (i) => NOW - ((i * 7919) % 5003) * 1000,
  'some messages only, one 0': (i) => (i % 3 === 0 ? undefined : i === 1 ? 0 : NOW - i * 37),
  'numbers of other lengths (sorted as strings: 999 after 1700…)': (i) => [NOW + 500, 999, NOW + 100, 10_000, NOW][i % 5],
  'strings, unsorted': (i) => String([NOW + 300, NOW + 100, NOW - 77, NOW + 100][i % 4]),
  'numbers and strings equal as strings': (i) => (i % 2 === 0 ? NOW + (i % 5) : String(NOW + (i % 5))),
};
const withTimestamps = (messages: ProduceMessage[], timestamp: (i: number) => number | string | undefined): ProduceMessage[] =>
  messages.map((m, i) => (timestamp(i) === undefined ? { ...m } : { ...m, timestamp: timestamp(i) }));

/** Producer kinds: plain (kafkajs's defaults), idempotent and transactional. */
const producers: Record<string, Pick<ProduceRequestArgs, 'transactionalId' | 'producerId' | 'producerEpoch'> & { firstSequence?: number }> = {
  plain: {},
  // kafkajs's eosManager keeps the producer id as the string its InitProducerId response decodes.
  idempotent: { producerId: '4242', producerEpoch: 3, firstSequence: 17 },
  transactional: { transactionalId: 'ingest-tx-ü', producerId: 2 ** 40 + 7, producerEpoch: 1, firstSequence: 123_456 },
};

function request(
  messagesPerPartition: ProduceMessage[][],
  producer: (typeof producers)[string],
  compression: number = CompressionTypes.None,
): ProduceRequestArgs {
  const { firstSequence, ...ids } = producer;
  return {
    acks: -1,
    timeout: 30_000,
    compression,
    ...ids,
    topicData: [
      {
        topic: 'posts',
        partitions: messagesPerPartition.map((messages, partition) => ({
          partition,
          messages,
          ...(firstSequence === undefined ? {} : { firstSequence: firstSequence + partition }),
        })),
      },
    ],
  };
}

describe('produceRequest', () => {
  it("is the fork's produce request v3, compared with kafkajs as it ships", () => {
    // The specs compare with kafkajs as published: its own Record encoder and CRC32-C, not the fork's.
    expect(stockModule(RECORD_ENCODER)).not.toBe(encodeRecord);
    expect(stockModule(CRC32C)).not.toBe(crc32c);
    expect(stockModule(PRODUCE_V3)).not.toBe(produceRequest);
  });

  it('encodes records of every kind as kafkajs does, with each way of giving timestamps and each kind of producer', async () => {
    for (const timestamp of Object.values(timestampings)) {
      for (const producer of Object.values(producers)) {
        const messages = withTimestamps(mixedMessages(), timestamp);
        await expectKafkajsBytes(request([messages, messages.slice(0, 1), messages.slice(2).reverse()], producer));
      }
    }
  });

  it('encodes one record, and 5,000 records of ~510 bytes in each of 3 partitions, as kafkajs does', async () => {
    for (const producer of Object.values(producers)) await expectKafkajsBytes(request([bulkMessages(1)], producer));
    const bulk = bulkMessages(15_000);
    const partitions = [bulk.slice(0, 5_000), bulk.slice(5_000, 10_000), bulk.slice(10_000)];
    for (const producer of Object.values(producers)) await expectKafkajsBytes(request(partitions, producer));
    const timed = partitions.map((messages) => withTimestamps(messages, timestampings['numbers, unsorted']));
    await expectKafkajsBytes(request(timed, producers.idempotent));
  });

  it('GZIP-compresses each RecordBatch as kafkajs does (its codec, on the same records)', async () => {
    for (const timestamp of [timestampings.none, timestampings['strings, unsorted']]) {
      for (const producer of Object.values(producers)) {
        const messages = withTimestamps(mixedMessages(), timestamp);
        const encoded = await expectKafkajsBytes(request([messages, messages.slice(3)], producer, CompressionTypes.GZIP));
        // The first batch's attributes: after transactional id, acks, timeout, topic count, topic, partition count, partition, size, and 21 bytes of batch.
        const attributesAt = 2 + Buffer.byteLength(producer.transactionalId ?? '') + 2 + 4 + 4 + 7 + 4 + 8 + 21;
        expect(encoded.buffer.readInt16BE(attributesAt) & 0x07).toBe(CompressionTypes.GZIP);
      }
    }
    await expectKafkajsBytes(request([bulkMessages(5_000)], producers.transactional, CompressionTypes.GZIP));
  });

  it('rejects codecs kafkajs does not implement as kafkajs does', async () => {
    const args = request([mixedMessages()], producers.plain, CompressionTypes.Snappy);
    await expect(kafkajsV3(args).encode()).rejects.toThrow('Snappy compression not implemented');
    await expect(produceRequest(args).encode()).rejects.toThrow('Snappy compression not implemented');
  });

  it('encodes several topics, and a partition without messages, as kafkajs does', async () => {
    const args = request([mixedMessages(), []], producers.idempotent);
    args.topicData.push({ topic: 'другая', partitions: [{ partition: 5, firstSequence: 9, messages: bulkMessages(10) }] });
    await expectKafkajsBytes(args);
    await expectKafkajsBytes({ ...args, compression: CompressionTypes.GZIP });
  });

  it('is the encoder of kafkajs produce requests v4 to v7, as each is requested', async () => {
    const { protocol } = forkModule('src/protocol/requests/produce/index.js') as {
      protocol: (v: { version: number }) => (args: ProduceRequestArgs) => { request: ProduceRequest };
    };
    const args = request([withTimestamps(mixedMessages(), timestampings['numbers, unsorted'])], producers.transactional);
    for (const version of [3, 4, 5, 6, 7]) {
      const ours: RequestFactory = (a) => protocol({ version })(a).request;
      expect(ours(args).apiVersion).toBe(version);
      await expectKafkajsBytes(args, stockRequest(version), ours);
    }
  });

  it("leaves to kafkajs's own request what it does not write itself (Date timestamps), with the same bytes", async () => {
    const messages = mixedMessages().map((m, i) => ({ ...m, timestamp: new Date(NOW - i * 1000) as unknown as number }));
    const args = request([messages], producers.idempotent);
    const encoded = await produceRequest(args).encode();
    expect(firstDifference(encoded.buffer, (await kafkajsV3(args).encode()).buffer)).toBe(-1);
    expect(encoded.buf.length).not.toBe(encoded.size()); // kafkajs's Encoder, not ours
    expect(upstreamProduceRequest).toBeDefined();
  });
});

test('the docstring example of produceRequest holds', async () => {
  const { buffer } = await produceRequest({
    acks: -1,
    timeout: 30_000,
    topicData: [{ topic: 'posts', partitions: [{ partition: 0, messages: [{ key: '1', value: 'x' }] }] }],
  }).encode();
  expect(buffer.length).toBe(101);
});
