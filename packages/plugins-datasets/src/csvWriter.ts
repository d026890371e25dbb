// Writes rows as CSV with csv-stringify: a header row, RFC 4180 quoting, and no cell a spreadsheet would run as a formula.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import type { WriteDatasetResult } from '@skimmer/core';

/** A cell as text: null → empty, numbers and bigints as digits, lists and objects as JSON. */
function cellOf(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object') return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner));
  return value as string | number | boolean;
}

/**
 * Writes `rows` under the header `columns`. Text starting with = + - @, a tab or a carriage return gets a leading
 * apostrophe (csv-stringify's escape_formulas), so opening the file in a spreadsheet never runs post text as a formula.
 *
 * @example
 * await writeCsv('labels.csv', ['id', 'prob_spam'], [{ id: '1', prob_spam: 0.9 }]) // { rows: 1, bytes: 20 }
 */
export async function writeCsv(
  path: string,
  columns: readonly string[],
  rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
): Promise<WriteDatasetResult> {
  const out = createWriteStream(path, 'utf8');
  const csv = stringify({ header: true, columns: [...columns], escape_formulas: true, cast: { boolean: (value) => String(value) } });
  csv.pipe(out);
  const failed = Promise.race([once(out, 'error'), once(csv, 'error')]).then(([error]) => Promise.reject(error));
  failed.catch(() => undefined);
  let count = 0;
  for await (const row of rows) {
    count += 1;
    if (!csv.write(columns.map((column) => cellOf(row[column])))) await Promise.race([once(csv, 'drain'), failed]);
  }
  csv.end();
  await Promise.race([once(out, 'finish'), failed]);
  return { rows: count, bytes: out.bytesWritten };
}
