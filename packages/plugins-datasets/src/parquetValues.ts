// Turns what hyparquet decodes into plain, exact JS values: int64 beyond 2^53 as strings, timestamps as ISO strings at full precision.

import type { ParquetParsers } from 'hyparquet';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;
const INT64_MIN = -(2n ** 63n);

/** A byte string in a UTF8 column that is not valid UTF-8 (a lone surrogate in CESU-8, a cut multi-byte character). */
export class InvalidUtf8 {
  constructor(readonly bytes: Uint8Array) {}
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** An int64 as a number when it is exact, else as its decimal string (tweet ids stay exact). */
export function exactInteger(value: bigint): number | string {
  return value <= MAX_SAFE && value >= MIN_SAFE ? Number(value) : value.toString();
}

/**
 * ISO-8601 of an instant counted in `perSecond` units since the epoch, with as many fraction digits as the unit has
 * (ms 3, µs 6, ns 9) so no precision is lost; 'Z' marks an instant adjusted to UTC.
 *
 * @example
 * isoTimestamp(1666000000123456789n, 1_000_000_000n, 9) // '2022-10-17T09:46:40.123456789Z'
 */
export function isoTimestamp(value: bigint, perSecond: bigint, digits: number): string {
  // Fast path: milliseconds and microseconds within ±2^53 (years -285,000 to 287,000 for ms) are exact as numbers.
  if (perSecond <= 1_000_000n && value <= MAX_SAFE && value >= MIN_SAFE) {
    const units = Number(value);
    const scale = Number(perSecond) / 1000;
    const millis = Math.floor(units / scale);
    const iso = new Date(millis).toISOString();
    if (scale === 1) return iso;
    return `${iso.slice(0, -1)}${String(units - millis * scale).padStart(3, '0')}Z`;
  }
  let seconds = value / perSecond;
  let fraction = value % perSecond;
  if (fraction < 0n) {
    seconds -= 1n;
    fraction += perSecond;
  }
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, -5);
  return `${whole}.${fraction.toString().padStart(digits, '0')}Z`;
}

/** hyparquet parsers that keep every value exact; invalid UTF-8 becomes an InvalidUtf8 marker, reported per record. */
export const exactParsers: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (millis: bigint) => isoTimestamp(BigInt(millis), 1000n, 3),
  timestampFromMicroseconds: (micros: bigint) => isoTimestamp(BigInt(micros), 1_000_000n, 6),
  timestampFromNanoseconds: (nanos: bigint) => {
    // Only INT96 gets here below int64's range: Arrow writes pre-1970 INT96 with negative nanoseconds of the day, and
    // hyparquet 1.31 reads those bits unsigned, losing the day. Refused (the column is named by the caller).
    if (nanos < INT64_MIN) throw new Error('INT96 timestamp before 1970 with negative nanoseconds of the day, which hyparquet decodes wrongly');
    return isoTimestamp(BigInt(nanos), 1_000_000_000n, 9);
  },
  dateFromDays: (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10),
  stringFromBytes: (bytes: Uint8Array) => {
    if (!bytes) return bytes;
    try {
      return strictUtf8.decode(bytes);
    } catch {
      return new InvalidUtf8(bytes);
    }
  },
} as Partial<ParquetParsers>;

/** Plain value of a decoded cell: bigints made exact, undefined made null, lists and structs converted inside. */
export function plainValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') return exactInteger(value);
  if (typeof value !== 'object') return value;
  if (value instanceof InvalidUtf8) return value;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return Array.from(value as ArrayLike<unknown>, plainValue);
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = plainValue(inner);
  return out;
}

/** Whether a converted value holds invalid UTF-8 anywhere inside (lists and structs included). */
export function holdsInvalidUtf8(value: unknown): boolean {
  if (value instanceof InvalidUtf8) return true;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(holdsInvalidUtf8);
}
