// Replaces kafkajs 2.2.4's encoder of one produced record (a Record v0 in a RecordBatch) with one that writes the same bytes into a single exactly-sized buffer.

import { existsSync } from 'node:fs';
import { kafkajsFile, kafkajsModule, swapKafkajsModule } from './kafkajsModuleSwap.ts';

type Bytes = string | Buffer | null | undefined;

/** What kafkajs's produce request hands its Record encoder for each message. */
export interface RecordInput {
  offsetDelta?: number;
  timestampDelta?: number;
  key?: Bytes;
  value?: Bytes;
  headers?: Record<string, Bytes | Bytes[]> | null;
}

/** A finished record in the shape kafkajs's Encoder.writeEncoder / writeEncoderArray accept: `buf` and `buffer`. */
class EncodedRecord {
  constructor(readonly buf: Buffer) {}
  get buffer(): Buffer {
    return this.buf;
  }
  size(): number {
    return this.buf.length;
  }
}

/** Zig-zag of a safe integer (64-bit semantics, so varlongs come out right too). */
const zigZag = (n: number): number => (n >= 0 ? n * 2 : -n * 2 - 1);

function varUIntSize(u: number): number {
  let size = 1;
  while (u >= 128) {
    u = Math.floor(u / 128);
    size++;
  }
  return size;
}

function writeVarUInt(buf: Buffer, offset: number, u: number): number {
  while (u >= 128) {
    buf[offset++] = (u % 128) | 128;
    u = Math.floor(u / 128);
  }
  buf[offset++] = u;
  return offset;
}

/** A field's bytes as kafkajs writes them (strings as UTF-8, null as no bytes); `null` stays null. */
function bytesOf(value: Bytes): Buffer | null {
  if (value === null || value === undefined) return null;
  return Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8');
}

const sizeOfBytes = (b: Buffer | null): number => (b === null ? 1 : varUIntSize(b.length * 2) + b.length);

function writeBytes(buf: Buffer, offset: number, b: Buffer | null): number {
  if (b === null) return writeVarUInt(buf, offset, 1); // varint -1
  offset = writeVarUInt(buf, offset, b.length * 2);
  b.copy(buf, offset);
  return offset + b.length;
}

/**
 * One record: Length varint, Attributes int8, TimestampDelta varlong, OffsetDelta varint, Key and Value as varint
 * bytes, Headers as a varint count of (varint string key, varint bytes value). Byte for byte what kafkajs writes.
 *
 * @example
 * encodeRecord({ key: '1', value: 'x', headers: { source: 'replay' } }).buffer; // <Buffer 2c 00 00 00 02 31 02 78 02 0c 73 6f 75 72 63 65 0c 72 65 70 6c 61 79>
 */
export function encodeRecord({ offsetDelta = 0, timestampDelta = 0, key, value, headers }: RecordInput): EncodedRecord {
  const keyBytes = bytesOf(key);
  const valueBytes = bytesOf(value);
  const headerBytes: Array<[Buffer, Buffer | null]> = [];
  for (const name of Object.keys(headers ?? {})) {
    const entry = headers![name];
    for (const v of Array.isArray(entry) ? entry : [entry]) headerBytes.push([Buffer.from(name, 'utf8'), bytesOf(v)]);
  }
  let body = 1 + varUIntSize(zigZag(timestampDelta)) + varUIntSize(zigZag(offsetDelta)) + sizeOfBytes(keyBytes) + sizeOfBytes(valueBytes);
  body += varUIntSize(headerBytes.length * 2);
  for (const [name, v] of headerBytes) body += sizeOfBytes(name) + sizeOfBytes(v);
  const buf = Buffer.allocUnsafe(varUIntSize(body * 2) + body);
  let offset = writeVarUInt(buf, 0, body * 2);
  buf[offset++] = 0; // attributes
  offset = writeVarUInt(buf, offset, zigZag(timestampDelta));
  offset = writeVarUInt(buf, offset, zigZag(offsetDelta));
  offset = writeBytes(buf, offset, keyBytes);
  offset = writeBytes(buf, offset, valueBytes);
  offset = writeVarUInt(buf, offset, headerBytes.length * 2);
  for (const [name, v] of headerBytes) {
    offset = writeBytes(buf, offset, name);
    offset = writeBytes(buf, offset, v);
  }
  return new EncodedRecord(buf);
}

const RECORD_MODULE = 'src/protocol/recordBatch/record/v0/index.js';
/** The encoder kafkajs ships, kept for the byte-for-byte spec (undefined on a release without that file). */
export const kafkajsEncodeRecord = (existsSync(kafkajsFile(RECORD_MODULE)) ? kafkajsModule(RECORD_MODULE) : undefined) as ((input: RecordInput) => { buffer: Buffer }) | undefined;
/** True when kafkajs's produce request uses this encoder (see swapKafkajsModule); false leaves kafkajs's own. */
export const recordEncoderInstalled = swapKafkajsModule(RECORD_MODULE, 'src/protocol/requests/produce/v3/request.js', encodeRecord);
