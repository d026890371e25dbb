// Field readers shared by the payload normalisers: typed access to untrusted JSON that names the record and field on failure.

import { DataError } from '../errors.ts';

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

/** `value` as an ISO-8601 instant, or a DataError naming the record and field. */
export function isoInstant(value: string, record: string, field: string, kind: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new DataError(`${kind} ${record}: field "${field}" must be a date, got ${JSON.stringify(value)}`, { record, field, kind });
  return new Date(ms).toISOString();
}

/** The visible text of Twitter's `source` HTML (`<a href="…">Twitter for iPhone</a>` → `Twitter for iPhone`). */
export function clientName(source: string | null): string | null {
  if (source === null) return null;
  const text = source.replace(/<[^>]*>/g, '').trim();
  return text.length > 0 ? text : null;
}

/** Twitter's text with the three entities it escapes (`&amp;` `&lt;` `&gt;`) turned back into characters. */
export function unescapeTweetText(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
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
