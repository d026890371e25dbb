// Converts JS values to what Postgres accepts as parameters and back (NUL-free text, JSON, array literals, timestamps).

/** Postgres text cannot hold U+0000: it is removed (tweets and replayed files sometimes contain it). */
export function pgText(value: string): string;
export function pgText(value: string | null | undefined): string | null;
export function pgText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
}

/** JSON text for a jsonb parameter, with U+0000 removed from every string (jsonb rejects it). */
export function pgJson(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value, (_key, v: unknown) => (typeof v === 'string' ? pgText(v) : v));
}

/**
 * One Postgres array literal for a text[] value, so arrays of different lengths travel in one `text[]` parameter.
 *
 * @example
 * textArrayLiteral(['a', 'b "c"']) // '{"a","b \\"c\\""}'
 */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${pgText(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** A timestamp column value (Date from `pg`/PGlite, or text) as ISO-8601. */
export function isoTimestamp(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(String(value)).toISOString();
}

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows per bulk statement (`INSERT … SELECT FROM unnest(…)`), the fastest parameterised bulk write measured. */
export const BULK_CHUNK = 5000;
