// Replaces kafkajs 2.2.4's produce request v3 (whose encoder v4 to v7 reuse) with one that writes the whole request, each partition's RecordBatch and its records, into one exactly-sized buffer.

// The record encoder and CRC32-C swaps come first: loading kafkajs's own v3 request (below) loads the modules they replace.
import './kafkajsRecordEncoder.ts';
import './kafkajsCrc32c.ts';
import { existsSync } from 'node:fs';
import { crc32c } from './crc32c.ts';
import { bytesLength, recordBodySize, recordSize, writeRecord } from './kafkajsRecordEncoder.ts';
import type { RecordFields } from './kafkajsRecordEncoder.ts';
import { kafkajsFile, kafkajsModule, swapKafkajsModule } from './kafkajsModuleSwap.ts';

type Bytes = string | Buffer | null | undefined;

/** A message as kafkajs's producer hands it to the produce request. */
export interface ProduceMessage {
  key?: Bytes;
  value?: Bytes;
  headers?: Record<string, Bytes | Bytes[]>;
  timestamp?: number | string | null;
}

/** What kafkajs's produce request v3 (and v4 to v7) is built from. `producerId`: a number, numeric string, bigint or kafkajs Long. */
export interface ProduceRequestArgs {
  acks: number;
  timeout: number;
  transactionalId?: string | null;
  producerId?: unknown;
  producerEpoch?: number;
  compression?: number;
  topicData: Array<{ topic: string; partitions: Array<{ partition: number; firstSequence?: number; messages: ProduceMessage[] }> }>;
}

/** kafkajs's Encoder, as far as this module and kafkajs's callers of a request's `encode` use it. */
export interface KafkajsEncoder {
  buf: Buffer;
  offset: number;
  readonly buffer: Buffer;
  size(): number;
}

/** A request as kafkajs's connection sends it. */
export interface ProduceRequest {
  apiKey: number;
  apiVersion: number;
  apiName: string;
  expectResponse: () => boolean;
  encode: () => Promise<KafkajsEncoder>;
}

interface KafkajsInternals {
  Encoder: new (initialSize?: number) => KafkajsEncoder;
  Long: { fromValue(value: unknown): { getHighBits(): number; getLowBits(): number } };
  lookupCodec(compression: number): { compress(records: KafkajsEncoder): Promise<Buffer> } | null;
}

let loadedInternals: KafkajsInternals | undefined;
/** kafkajs's Encoder, Long and compression codecs (loaded at the first request, so only where the swap took effect). */
function kafkajs(): KafkajsInternals {
  return (loadedInternals ??= {
    Encoder: kafkajsModule('src/protocol/encoder.js') as KafkajsInternals['Encoder'],
    Long: kafkajsModule('src/utils/long.js') as KafkajsInternals['Long'],
    lookupCodec: (kafkajsModule('src/protocol/message/compression/index.js') as Pick<KafkajsInternals, 'lookupCodec'>).lookupCodec,
  });
}

const PRODUCE_API_KEY = 0;
const COMPRESSION_NONE = 0;
const COMPRESSION_CODEC_MASK = 0x07;
const TRANSACTIONAL_MASK = 0x10;
const MAGIC_BYTE = 2;
/**
 * Bytes of a RecordBatch besides its records: FirstOffset 8, Length 4, PartitionLeaderEpoch 4, Magic 1, CRC 4, then
 * what the CRC covers: Attributes 2, LastOffsetDelta 4, FirstTimestamp 8, MaxTimestamp 8, ProducerId 8,
 * ProducerEpoch 2, FirstSequence 4, record count 4.
 */
const BATCH_OVERHEAD = 61;
/** Bytes of a RecordBatch that its Length does not count: FirstOffset and Length. */
const BATCH_PREFIX = 12;
/** The largest |TimestampDelta| written here (its zig-zag stays an exact double); kafkajs's own code writes the rest. */
const MAX_DELTA = 2 ** 51;

/** One partition's RecordBatch, measured: everything writeBatch needs. */
interface Batch {
  partition: number;
  firstSequence: number;
  firstTimestamp: number | string;
  maxTimestamp: number | string;
  messages: ProduceMessage[];
  /** Each record's TimestampDelta; null when no message has a timestamp (then every delta is 0). */
  deltas: Float64Array | null;
  /** Per record: body size, key bytesLength, value bytesLength. */
  sizes: Int32Array;
  /** Bytes of all records, uncompressed. */
  recordsSize: number;
  /** The records compressed by the codec, when the request is compressed. */
  compressed: Buffer | null;
}

/**
 * Whether timestamp `a` comes before `b` in Array.prototype.sort's default order (by String()), which is how kafkajs
 * orders them. Numbers in [1e12, 1e13) (millisecond times from 2001 to 2286) print as 13 digits, so compare as numbers.
 */
function sortsBefore(a: number | string, b: number | string): boolean {
  if (typeof a === 'number' && typeof b === 'number' && a >= 1e12 && a < 1e13 && b >= 1e12 && b < 1e13) return a < b;
  return String(a) < String(b);
}

const isBytes = (b: unknown): boolean => b == null || typeof b === 'string' || Buffer.isBuffer(b);
const isHeaderValue = (v: unknown): boolean => typeof v === 'string' || Buffer.isBuffer(v);

/** Whether kafkajs would write these headers without throwing: undefined, or an object of strings, Buffers and arrays of them. */
function writableHeaders(headers: unknown): boolean {
  if (headers === undefined) return true;
  if (typeof headers !== 'object' || headers === null) return false;
  for (const value of Object.values(headers)) if (Array.isArray(value) ? !value.every(isHeaderValue) : !isHeaderValue(value)) return false;
  return true;
}

/**
 * Measures one partition's records, with kafkajs's timestamps: FirstTimestamp and MaxTimestamp the first and last of
 * the messages' timestamps sorted as kafkajs sorts them (`now` when none has one), each record's delta
 * `(timestamp || now) - FirstTimestamp`. Undefined for what kafkajs's own code should encode (or reject): keys,
 * values or headers not strings, Buffers or null, timestamps not numbers or strings, deltas not integers within MAX_DELTA.
 */
function measureBatch(partition: number, firstSequence: number, messages: ProduceMessage[], now: number): Batch | undefined {
  const count = messages.length;
  let firstTimestamp: number | string = now;
  let maxTimestamp: number | string = now;
  let timed = false;
  for (let i = 0; i < count; i++) {
    const t = messages[i].timestamp;
    if (t == null) continue;
    if (typeof t !== 'number' && typeof t !== 'string') return undefined;
    if (!timed) {
      firstTimestamp = maxTimestamp = t;
      timed = true;
    } else {
      if (sortsBefore(t, firstTimestamp)) firstTimestamp = t; // the sort is stable: the first of equals stays first
      if (!sortsBefore(t, maxTimestamp)) maxTimestamp = t; // and the last of equals comes last
    }
  }
  const deltas = timed ? new Float64Array(count) : null;
  const sizes = new Int32Array(3 * count);
  let recordsSize = 0;
  for (let i = 0; i < count; i++) {
    const message = messages[i];
    if (!isBytes(message.key) || !isBytes(message.value) || !writableHeaders(message.headers)) return undefined;
    let delta = 0;
    if (deltas !== null) {
      delta = Number(message.timestamp || now) - Number(firstTimestamp);
      if (!Number.isInteger(delta) || Math.abs(delta) > MAX_DELTA) return undefined;
      deltas[i] = delta;
    }
    const keyLength = bytesLength(message.key);
    const valueLength = bytesLength(message.value);
    const body = recordBodySize(message as RecordFields, keyLength, valueLength, i, delta);
    sizes[3 * i] = body;
    sizes[3 * i + 1] = keyLength;
    sizes[3 * i + 2] = valueLength;
    recordsSize += recordSize(body);
  }
  return { partition, firstSequence, firstTimestamp, maxTimestamp, messages, deltas, sizes, recordsSize, compressed: null };
}

function writeRecords(buf: Buffer, offset: number, { messages, sizes, deltas }: Batch): number {
  for (let i = 0; i < messages.length; i++) {
    offset = writeRecord(buf, offset, messages[i] as RecordFields, sizes[3 * i], sizes[3 * i + 1], sizes[3 * i + 2], i, deltas === null ? 0 : deltas[i]);
  }
  return offset;
}

/** An int64 as kafkajs's Encoder.writeInt64 writes it (through its Long, so numbers, numeric strings and bigints alike). */
function writeInt64(buf: Buffer, offset: number, value: unknown): number {
  const long = kafkajs().Long.fromValue(value);
  offset = buf.writeInt32BE(long.getHighBits(), offset);
  return buf.writeInt32BE(long.getLowBits(), offset);
}

const sizeOfString = (s: string | null): number => (s == null ? 2 : 2 + Buffer.byteLength(s, 'utf8'));

/** A nullable int16-length string, as kafkajs's Encoder.writeString writes it. */
function writeString(buf: Buffer, offset: number, s: string | null): number {
  if (s == null) return buf.writeInt16BE(-1, offset);
  const length = Buffer.byteLength(s, 'utf8');
  offset = buf.writeInt16BE(length, offset);
  buf.write(s, offset, length, 'utf8');
  return offset + length;
}

/** A partition's entry in the request: partition int32, record set size int32, the RecordBatch with its CRC-32C. */
function writeBatch(buf: Buffer, offset: number, batch: Batch, attributes: number, producerId: unknown, producerEpoch: number): number {
  const count = batch.messages.length;
  const recordsBytes = batch.compressed === null ? batch.recordsSize : batch.compressed.length;
  offset = buf.writeInt32BE(batch.partition, offset);
  offset = buf.writeInt32BE(BATCH_OVERHEAD + recordsBytes, offset);
  offset = buf.writeInt32BE(0, buf.writeInt32BE(0, offset)); // FirstOffset 0
  offset = buf.writeInt32BE(BATCH_OVERHEAD - BATCH_PREFIX + recordsBytes, offset); // Length
  offset = buf.writeInt32BE(0, offset); // PartitionLeaderEpoch
  offset = buf.writeInt8(MAGIC_BYTE, offset);
  const crcAt = offset;
  const crcFrom = crcAt + 4;
  offset = buf.writeInt16BE(attributes, crcFrom);
  offset = buf.writeInt32BE(count - 1, offset); // LastOffsetDelta
  offset = writeInt64(buf, offset, batch.firstTimestamp);
  offset = writeInt64(buf, offset, batch.maxTimestamp);
  offset = writeInt64(buf, offset, producerId);
  offset = buf.writeInt16BE(producerEpoch, offset);
  offset = buf.writeInt32BE(batch.firstSequence, offset);
  offset = buf.writeInt32BE(count, offset);
  if (batch.compressed === null) offset = writeRecords(buf, offset, batch);
  else {
    buf.set(batch.compressed, offset);
    offset += batch.compressed.length;
  }
  buf.writeUInt32BE(crc32c(buf.subarray(crcFrom, offset)), crcAt);
  return offset;
}

/** A kafkajs Encoder holding exactly `buf` (what a request's `encode` and a compression codec deal in). */
function encoderOf(buf: Buffer): KafkajsEncoder {
  const encoder = new (kafkajs().Encoder)(0);
  encoder.buf = buf;
  encoder.offset = buf.length;
  return encoder;
}

/**
 * The produce request's body, byte for byte what kafkajs 2.2.4's v3 request encodes: transactional id, acks, timeout,
 * then per topic its partitions' RecordBatches. Measures every record first, then writes all into one buffer. A
 * compressed request writes each partition's records into one buffer for kafkajs's codec (looked up as kafkajs does,
 * so GZIP and any codec registered with kafkajs), then copies the codec's output in. Inputs measureBatch turns down go
 * to kafkajs's own v3 request.
 */
async function encodeProduceRequest(args: ProduceRequestArgs): Promise<KafkajsEncoder> {
  const { acks, timeout, transactionalId = null, producerId = -1, producerEpoch = 0, compression = COMPRESSION_NONE, topicData } = args;
  const topics: Array<{ topic: string; batches: Batch[] }> = [];
  let size = sizeOfString(transactionalId) + 2 + 4 + 4;
  for (const { topic, partitions } of topicData) {
    const batches: Batch[] = [];
    size += sizeOfString(topic) + 4;
    for (const { partition, firstSequence = 0, messages } of partitions) {
      const batch = measureBatch(partition, firstSequence, messages, Date.now());
      if (batch === undefined) return kafkajsProduceRequest!(args).encode();
      if (compression !== COMPRESSION_NONE) {
        const records = Buffer.allocUnsafe(batch.recordsSize);
        writeRecords(records, 0, batch);
        batch.compressed = await kafkajs().lookupCodec(compression)!.compress(encoderOf(records));
      }
      size += 8 + BATCH_OVERHEAD + (batch.compressed === null ? batch.recordsSize : batch.compressed.length);
      batches.push(batch);
    }
    topics.push({ topic, batches });
  }
  const attributes = (compression & COMPRESSION_CODEC_MASK) | (transactionalId ? TRANSACTIONAL_MASK : 0);
  const buf = Buffer.allocUnsafe(size);
  let offset = writeString(buf, 0, transactionalId);
  offset = buf.writeInt16BE(acks, offset);
  offset = buf.writeInt32BE(timeout, offset);
  offset = buf.writeInt32BE(topics.length, offset);
  for (const { topic, batches } of topics) {
    offset = writeString(buf, offset, topic);
    offset = buf.writeInt32BE(batches.length, offset);
    for (const batch of batches) offset = writeBatch(buf, offset, batch, attributes, producerId, producerEpoch);
  }
  if (offset !== size) throw new Error(`produce request measured ${size} bytes but wrote ${offset}`);
  return encoderOf(buf);
}

/**
 * kafkajs's produce request v3 (v4 to v7 are it with another apiVersion), encoding as encodeProduceRequest does.
 *
 * @example
 * const { buffer } = await produceRequest({ acks: -1, timeout: 30_000, topicData: [{ topic: 'posts', partitions: [{ partition: 0, messages: [{ key: '1', value: 'x' }] }] }] }).encode();
 * buffer.length; // 101
 */
export function produceRequest(args: ProduceRequestArgs): ProduceRequest {
  return { apiKey: PRODUCE_API_KEY, apiVersion: 3, apiName: 'Produce', expectResponse: () => args.acks !== 0, encode: () => encodeProduceRequest(args) };
}

const PRODUCE_V3 = 'src/protocol/requests/produce/v3/request.js';
/** kafkajs's own v3 request (undefined on a release without that file): for what measureBatch turns down, and the specs. */
export const kafkajsProduceRequest = (existsSync(kafkajsFile(PRODUCE_V3)) ? kafkajsModule(PRODUCE_V3) : undefined) as ((args: ProduceRequestArgs) => ProduceRequest) | undefined;
/**
 * True when kafkajs's producer builds its produce requests here (see swapKafkajsModule); false leaves kafkajs's own.
 * v4 and v5 require v3 when they load (v6 and v7 through v5); kafkajs's produce/index.js requires it at each request.
 */
export const produceRequestInstalled = swapKafkajsModule(PRODUCE_V3, ['src/protocol/requests/produce/v4/request.js', 'src/protocol/requests/produce/v5/request.js'], produceRequest);
