// Rows in PostgreSQL's binary COPY format (`COPY … FROM STDIN (FORMAT binary)`): typed fields written straight into buffers.
//
// Binary COPY needs no escaping and no text parsing of numbers or times on the server, and a string is encoded once,
// into its place in the stream. Layout (PostgreSQL docs, "COPY", Binary Format): an 11-byte signature, int32 flags,
// int32 header-extension length; per row an int16 field count, then per field an int32 byte length (-1 for NULL) and
// the value in the type's binary form; an int16 -1 trailer.

import { pgText } from './sqlValues.ts';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Milliseconds from 1970-01-01 to 2000-01-01, the epoch of Postgres timestamps. */
const PG_EPOCH_MS = 946_684_800_000;
const HEADER_BYTES = 19;
const TEXT_OID = 25;
const FLOAT4_OID = 700;
const INT4_OID = 23;
const JSONB_VERSION = 1;

/** Digits past the milliseconds of an ISO-8601 fraction (`.1234567Z` → `4567`), which Date.parse drops. */
const SUB_MILLISECOND = /\.\d{3}(\d+)/;

/** Microseconds in the digits past the milliseconds, rounded as Postgres rounds (half to even). */
function subMillisecondMicros(digits: string): bigint {
  const micros = BigInt(digits.slice(0, 3).padEnd(3, '0'));
  const rest = digits.slice(3);
  if (rest === '' || rest[0] < '5') return micros;
  const half = rest[0] === '5' && /^5?0*$/.test(rest);
  return half && micros % 2n === 0n ? micros : micros + 1n;
}

/**
 * Microseconds since 2000-01-01T00:00:00Z of an ISO-8601 instant (Date.parse, plus any digits past the milliseconds,
 * rounded to the microsecond as Postgres does), exact at any date; null when it is not one.
 *
 * @example
 * pgTimestampMicros('2000-01-01T00:00:01.000Z'); // 1_000_000n
 */
export function pgTimestampMicros(iso: string): bigint | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const extra = iso.length > 24 ? SUB_MILLISECOND.exec(iso) : null;
  return BigInt(ms - PG_EPOCH_MS) * 1000n + (extra === null ? 0n : subMillisecondMicros(extra[1]));
}

/**
 * Writes binary COPY rows into buffers of about `chunkBytes` each; `finish()` returns them, ready for `copyIn`.
 * A row may span two buffers: COPY data is one byte stream. Each buffer owns its memory (not Node's shared pool), so
 * it can be transferred to another thread.
 *
 * @example
 * const rows = new CopyBinaryWriter();
 * rows.startRow(2);
 * rows.text('1');
 * rows.textArray(['https://example.org/']);
 * const chunks = rows.finish(); // for COPY t (id, urls) FROM STDIN (FORMAT binary)
 */
export class CopyBinaryWriter {
  private readonly chunkBytes: number;
  private readonly done: Buffer[] = [];
  private buf: Buffer;
  private pos = 0;
  /** Bytes in `done`. */
  private flushed = 0;
  /** Rows started so far. */
  rows = 0;

  constructor(chunkBytes = 1 << 20) {
    this.chunkBytes = chunkBytes;
    this.buf = Buffer.allocUnsafeSlow(Math.max(chunkBytes, HEADER_BYTES));
    SIGNATURE.copy(this.buf, 0);
    this.buf.writeInt32BE(0, 11); // flags: no OIDs
    this.buf.writeInt32BE(0, 15); // no header extension
    this.pos = HEADER_BYTES;
  }

  /** Makes room for `bytes` more bytes, moving on to a new buffer when this one is full. */
  private reserve(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    if (this.pos > 0) this.done.push(this.buf.subarray(0, this.pos));
    this.flushed += this.pos;
    this.buf = Buffer.allocUnsafeSlow(Math.max(this.chunkBytes, bytes));
    this.pos = 0;
  }

  private int32(value: number): void {
    this.buf.writeInt32BE(value, this.pos);
    this.pos += 4;
  }

  /** The UTF-8 bytes of `value` preceded by their int32 length (and by a `lead` byte, 0-255, counted in it, when given). */
  private lengthPrefixedUtf8(value: string, lead = -1): void {
    this.reserve(5 + value.length * 3);
    const at = this.pos;
    this.pos += 4;
    if (lead >= 0) this.buf[this.pos++] = lead;
    this.pos += this.buf.write(value, this.pos, 'utf8');
    this.buf.writeInt32BE(this.pos - at - 4, at);
  }

  /** Starts a row of `fields` fields. */
  startRow(fields: number): void {
    this.reserve(2);
    this.buf.writeInt16BE(fields, this.pos);
    this.pos += 2;
    this.rows++;
  }

  /** A NULL field. */
  null(): void {
    this.reserve(4);
    this.int32(-1);
  }

  /** A text field (U+0000 removed); null and undefined are NULL. */
  text(value: string | null | undefined): void {
    if (value === null || value === undefined) this.null();
    else this.lengthPrefixedUtf8(pgText(value));
  }

  /** A jsonb field from JSON text or its UTF-8 bytes (which must not escape U+0000: jsonb rejects it); null is NULL. */
  jsonb(json: Uint8Array | string | null): void {
    if (json === null) this.null();
    else if (typeof json === 'string') this.lengthPrefixedUtf8(json, JSONB_VERSION);
    else {
      this.reserve(5 + json.byteLength);
      this.int32(json.byteLength + 1);
      this.buf[this.pos++] = JSONB_VERSION;
      this.buf.set(json, this.pos);
      this.pos += json.byteLength;
    }
  }

  /** A timestamptz field from microseconds since 2000-01-01 (see pgTimestampMicros). */
  timestamptz(micros: bigint): void {
    this.reserve(12);
    this.int32(8);
    this.buf.writeBigInt64BE(micros, this.pos);
    this.pos += 8;
  }

  /** An integer (int4) field. */
  int4(value: number): void {
    this.reserve(8);
    this.int32(4);
    this.int32(value);
  }

  /** A one-dimensional integer[] (int4) field of `values`. */
  int4Array(values: Int32Array): void {
    const bytes = values.length === 0 ? 12 : 20 + 8 * values.length;
    this.reserve(4 + bytes);
    this.int32(bytes);
    this.int32(values.length === 0 ? 0 : 1); // dimensions
    this.int32(0); // no NULL elements
    this.int32(INT4_OID);
    if (values.length === 0) return;
    this.int32(values.length);
    this.int32(1); // lower bound
    for (let i = 0; i < values.length; i++) {
      this.int32(4);
      this.int32(values[i]);
    }
  }

  /** A one-dimensional real[] (float4) field of `values[start .. start + length]`, rounded to float32 as Postgres would. */
  float4Array(values: Float64Array | Float32Array, start: number, length: number): void {
    const bytes = length === 0 ? 12 : 20 + 8 * length;
    this.reserve(4 + bytes);
    this.int32(bytes);
    this.int32(length === 0 ? 0 : 1); // dimensions
    this.int32(0); // no NULL elements
    this.int32(FLOAT4_OID);
    if (length === 0) return;
    this.int32(length);
    this.int32(1); // lower bound
    for (let i = start; i < start + length; i++) {
      this.int32(4);
      this.buf.writeFloatBE(values[i], this.pos);
      this.pos += 4;
    }
  }

  /** A one-dimensional text[] field without NULL elements (U+0000 removed from each). */
  textArray(values: readonly string[]): void {
    this.reserve(4 + 20);
    const at = this.pos;
    this.pos += 4;
    this.int32(values.length === 0 ? 0 : 1); // dimensions
    this.int32(0); // no NULL elements
    this.int32(TEXT_OID);
    if (values.length > 0) {
      this.int32(values.length);
      this.int32(1); // lower bound
    }
    // Elements may move on to a new buffer: the array's length is patched into the buffer holding its start.
    const start = this.buf;
    const end = this.flushed + at + 4;
    for (const value of values) this.lengthPrefixedUtf8(pgText(value));
    start.writeInt32BE(this.flushed + this.pos - end, at);
  }

  /** Ends the data (the int16 -1 trailer) and returns every buffer, in order. */
  finish(): Buffer[] {
    this.reserve(2);
    this.buf.writeInt16BE(-1, this.pos);
    this.pos += 2;
    this.done.push(this.buf.subarray(0, this.pos));
    return this.done;
  }
}
