// Replaces kafkajs 2.2.4's decoder of one fetched record (a Record v0 in a RecordBatch) with one that gives the same record objects but computes offsets and timestamps in Number arithmetic instead of parsing the batch's first offset and timestamp again for every record.

import { existsSync } from 'node:fs';
import { kafkajsFile, kafkajsModule, swapKafkajsModule } from './kafkajsModuleSwap.ts';

/** kafkajs's Decoder, as far as a record's decoder reads it. */
export interface KafkajsDecoder {
  buffer: Buffer;
  offset: number;
  readInt8(): number;
  readVarInt(): number;
  readVarLong(): unknown;
  readVarIntString(): string | null;
  readVarIntBytes(): Buffer | null;
}

/** What kafkajs's RecordBatch decoder hands its Record decoder: the batch's fields, firstOffset and timestamps as decimal strings. */
export interface BatchContext {
  firstOffset?: string;
  firstTimestamp?: string;
  maxTimestamp?: string;
  magicByte?: number;
  isControlBatch?: boolean;
  timestampType?: number;
  [field: string]: unknown;
}

/** A fetched record as kafkajs's Record decoder returns it. */
export interface DecodedRecord {
  magicByte: number | undefined;
  attributes: number;
  timestamp: string;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | null | Array<Buffer | null>>;
  isControlRecord: boolean;
  batchContext: BatchContext;
}

interface KafkajsLong {
  add(addend: unknown): { toString(): string };
}
let kafkajsLong: { fromValue(value: unknown): KafkajsLong } | undefined;
/** `first + delta` as kafkajs computes it (its Long, over BigInt): for what Number arithmetic would not give exactly. */
const longSum = (first: unknown, delta: unknown): string =>
  (kafkajsLong ??= kafkajsModule('src/utils/long.js') as { fromValue(value: unknown): KafkajsLong }).fromValue(first).add(delta).toString();

/** kafkajs's TimestampTypes.LOG_APPEND_TIME. */
const LOG_APPEND_TIME = 1;

/** A decimal string's value when it is a safe integer written as String() writes it, else NaN (left to longSum). */
function safeInteger(value: unknown): number {
  if (typeof value !== 'string') return NaN;
  const n = Number(value);
  return Number.isSafeInteger(n) && String(n) === value ? n : NaN;
}

// The last batch's firstOffset and firstTimestamp, parsed once: a batch's records come one after another.
let offsetText: unknown;
let offsetValue = NaN;
let timestampText: unknown;
let timestampValue = NaN;

/** `first + delta` as a decimal string (first: a batch's firstOffset or firstTimestamp as given). */
function sum(first: number, firstText: unknown, delta: number): string {
  const n = first + delta;
  return Number.isSafeInteger(n) ? String(n) : longSum(firstText, delta);
}

/**
 * A varlong of at most 7 bytes (|value| < 2^48, so exact in a double) as a number, the decoder moved past it;
 * undefined for a longer one, the decoder left where it was (for kafkajs's readVarLong).
 */
function readShortVarLong(decoder: KafkajsDecoder): number | undefined {
  const buffer = decoder.buffer;
  let offset = decoder.offset;
  let unsigned = 0;
  let scale = 1;
  for (let i = 0; i < 7; i++) {
    const byte = buffer[offset++]!;
    unsigned += (byte & 0x7f) * scale;
    // As kafkajs's loop: a byte past the end (undefined) ends the varint.
    if (!(byte >= 0x80)) {
      decoder.offset = offset;
      return unsigned % 2 === 0 ? unsigned / 2 : -(unsigned + 1) / 2;
    }
    scale *= 128;
  }
  return undefined;
}

/** Sets a header as kafkajs's object spread does: an own property even for `__proto__`. */
function setHeader(headers: DecodedRecord['headers'], key: string, value: DecodedRecord['headers'][string]): void {
  if (key === '__proto__') Object.defineProperty(headers, key, { value, writable: true, enumerable: true, configurable: true });
  else headers[key] = value;
}

/**
 * One record: Length (read by the batch), Attributes int8, TimestampDelta varlong, OffsetDelta varint, Key and Value as
 * varint bytes, Headers as a varint count of (varint string key, varint bytes value). Returns what kafkajs's decoder
 * returns: offset and timestamp as decimal strings (timestamp: the batch's maxTimestamp for LOG_APPEND_TIME), a
 * repeated header's values in an array (in order), key, value and header values as Buffers sliced from the record
 * or null.
 *
 * @example
 * const bytes = encodeRecord({ offsetDelta: 2, timestampDelta: 5, key: '1', value: 'x', headers: { source: 'replay' } }).buffer.subarray(1); // without its Length
 * decodeRecord(new Decoder(bytes), { firstOffset: '41', firstTimestamp: '1700000000000', magicByte: 2, timestampType: 0 });
 * // { magicByte: 2, attributes: 0, timestamp: '1700000000005', offset: '43', key: <Buffer 31>, value: <Buffer 78>, headers: { source: <Buffer 72 65 70 6c 61 79> }, isControlRecord: false, batchContext: {…} }
 */
export function decodeRecord(decoder: KafkajsDecoder, batchContext: BatchContext = {}): DecodedRecord {
  const { firstOffset, firstTimestamp, magicByte, isControlBatch = false, timestampType, maxTimestamp } = batchContext;
  const attributes = decoder.readInt8();

  let timestamp: string;
  const timestampDelta = readShortVarLong(decoder);
  if (timestampType === LOG_APPEND_TIME && maxTimestamp) {
    if (timestampDelta === undefined) decoder.readVarLong();
    timestamp = maxTimestamp;
  } else if (timestampDelta === undefined) {
    timestamp = longSum(firstTimestamp, decoder.readVarLong());
  } else {
    if (firstTimestamp !== timestampText) {
      timestampText = firstTimestamp;
      timestampValue = safeInteger(firstTimestamp);
    }
    timestamp = Number.isNaN(timestampValue) ? longSum(firstTimestamp, timestampDelta) : sum(timestampValue, firstTimestamp, timestampDelta);
  }

  const offsetDelta = decoder.readVarInt();
  if (firstOffset !== offsetText) {
    offsetText = firstOffset;
    offsetValue = safeInteger(firstOffset);
  }
  const offset = Number.isNaN(offsetValue) ? longSum(firstOffset, offsetDelta) : sum(offsetValue, firstOffset, offsetDelta);

  const key = decoder.readVarIntBytes();
  const value = decoder.readVarIntBytes();

  const headers: DecodedRecord['headers'] = {};
  const count = decoder.readVarInt();
  // kafkajs's readVarIntArray: -1 is no headers, another negative count fails in `new Array(count)`.
  if (count < -1) throw new RangeError('Invalid array length');
  for (let i = 0; i < count; i++) {
    const name = decoder.readVarIntString() as string;
    const headerValue = decoder.readVarIntBytes();
    // As kafkajs: a name already there (inherited ones like `toString` too) turns into an array of the values.
    const previous = headers[name];
    if (previous === undefined) setHeader(headers, name, headerValue);
    else if (Array.isArray(previous)) previous.push(headerValue);
    else setHeader(headers, name, [previous, headerValue]);
  }

  return { magicByte, attributes, timestamp, offset, key, value, headers, isControlRecord: isControlBatch, batchContext };
}

const RECORD_DECODER_MODULE = 'src/protocol/recordBatch/record/v0/decoder.js';
/** The decoder kafkajs ships, kept for the equality spec (undefined on a release without that file). */
export const kafkajsDecodeRecord = (existsSync(kafkajsFile(RECORD_DECODER_MODULE)) ? kafkajsModule(RECORD_DECODER_MODULE) : undefined) as
  | ((decoder: KafkajsDecoder, batchContext?: BatchContext) => DecodedRecord)
  | undefined;
/** True when kafkajs's RecordBatch decoder uses this decoder (see swapKafkajsModule); false leaves kafkajs's own. */
export const recordDecoderInstalled = swapKafkajsModule(RECORD_DECODER_MODULE, 'src/protocol/recordBatch/v0/decoder.js', decodeRecord);
