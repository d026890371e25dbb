// Field readers shared by the payload normalisers: typed access to untrusted JSON that names the record and field on failure.

import { DataError } from '../errors.ts';
import { daysInMonth, instantMs } from './instant.ts';

/** A JSON object from an untrusted payload. */
export type JsonObject = Record<string, unknown>;

/** True for a plain (non-array) object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The string at `obj[field]`, or a DataError naming the record and the field. */
export function requireString(obj: JsonObject, field: string, record: string, kind: string): string {
  const value = obj[field];
  if (typeof value === 'string' && value.length > 0) return value;
  throw new DataError(`${kind} ${record}: field "${field}" must be a non-empty string, got ${describe(value)}`, { record, field, kind });
}

/** The string at `obj[field]`, or null when absent or not a string. */
export function optionalString(obj: JsonObject | undefined, field: string): string | null {
  const value = obj?.[field];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** The array at `obj[field]` (empty when absent or not an array). */
export function arrayField(obj: JsonObject | undefined, field: string): unknown[] {
  const value = obj?.[field];
  return Array.isArray(value) ? value : [];
}

/** The object at `obj[field]`, or undefined. */
export function objectField(obj: JsonObject | undefined, field: string): JsonObject | undefined {
  const value = obj?.[field];
  return isJsonObject(value) ? value : undefined;
}

const CANONICAL_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}Z$/;

/**
 * True when `value` is already what `new Date(value).toISOString()` gives (`2021-04-01T15:52:31.000Z`, a real
 * calendar date and time): the v2 API's form, checked without building a Date.
 *
 * @example
 * isCanonicalInstant('2021-04-01T15:52:31.000Z'); // true
 * isCanonicalInstant('2021-02-29T00:00:00.000Z'); // false (not a leap year: Date would roll it to March 1)
 */
export function isCanonicalInstant(value: string): boolean {
  const m = value.length === 24 ? CANONICAL_INSTANT.exec(value) : null;
  if (m === null) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  return day <= daysInMonth(year, month);
}

/**
 * `value` as a canonical UTC ISO-8601 instant (`2023-04-27T17:35:29.000Z`), read by {@link instantMs} (a time without
 * a zone is UTC), or a DataError naming the record and field and the accepted forms.
 */
export function isoInstant(value: string, record: string, field: string, kind: string): string {
  if (isCanonicalInstant(value)) return value;
  const ms = instantMs(value);
  if (ms === null) {
    throw new DataError(
      `${kind} ${record}: field "${field}" must be a date (ISO 8601, M/D/YYYY H:MM:SS, Twitter's or RFC 5322's form), got ${JSON.stringify(value)}`,
      { record, field, kind },
    );
  }
  return new Date(ms).toISOString();
}

/** The visible text of Twitter's `source` HTML (`<a href="…">Twitter for iPhone</a>` → `Twitter for iPhone`). */
export function clientName(source: string | null): string | null {
  if (source === null) return null;
  const text = source.replace(/<[^>]*>/g, '').trim();
  return text.length > 0 ? text : null;
}

/** Keeps the first occurrence of each string. */
export function uniqueStrings(values: Iterable<string | null>): string[] {
  const seen = new Set<string>();
  for (const v of values) if (v) seen.add(v);
  return [...seen];
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
