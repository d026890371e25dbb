// Specification of the Parquet interop matrix: every file pyarrow, pandas, Polars and DuckDB wrote reads exactly as pyarrow reads it.

import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetMetadata } from 'hyparquet';
import type { BadRecord } from '@skimmer/core';
import { readDatasetAll, readParquetRows } from '../src/index.ts';

const dir = path.join(import.meta.dirname, 'fixtures', 'interop');
const scratch = mkdtempSync(path.join(tmpdir(), 'skimmer-interop-'));

/** What scripts/fixtures/make_interop_fixtures.py wrote beside each file from pyarrow's reading of it. */
interface Expectation {
  file: string;
  written_by: string;
  note: string;
  codecs: string[];
  rows: number;
  columns: string[];
  values?: Record<string, unknown>[];
  sha256?: string;
  head?: Record<string, unknown>[];
}

const expectationOf = (file: string): Expectation => JSON.parse(readFileSync(path.join(dir, file.replace(/\.parquet$/, '.expected.json')), 'utf8'));
/** The files read with values; the two others are refused by design (invalid UTF-8, INT96 before 1970). */
const matrix = readdirSync(dir)
  .filter((file) => file.endsWith('.parquet') && !['pyarrow_invalid_utf8.parquet', 'pyarrow_int96_before_1970.parquet'].includes(file))
  .sort();

async function rowsOf(file: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for await (const row of readParquetRows(file)) rows.push(row);
  return rows;
}

/** SHA-256 of the rows as JSON lines, the way the Python script hashes them (json.dumps, ensure_ascii=False, compact). */
function sha256OfRows(rows: readonly Record<string, unknown>[]): string {
  const hash = createHash('sha256');
  for (const row of rows) hash.update(`${JSON.stringify(row)}\n`);
  return hash.digest('hex');
}

describe('Parquet interop matrix (fixtures written by pyarrow 22, pandas 2.3, Polars 1.35, DuckDB 1.4)', () => {
  it('covers every codec, both data page versions, dictionary and plain, and all four writers', () => {
    const codecs = new Set(matrix.flatMap((file) => expectationOf(file).codecs));
    expect([...codecs].sort()).toEqual(['BROTLI', 'GZIP', 'LZ4', 'SNAPPY', 'UNCOMPRESSED', 'ZSTD']);
    for (const prefix of ['pyarrow_', 'pandas_', 'polars_', 'duckdb_']) expect(matrix.some((file) => file.startsWith(prefix))).toBe(true);
    expect(matrix).toContain('pyarrow_lz4_raw_page2_dict.parquet');
    expect(matrix).toContain('pyarrow_zstd_page1_plain.parquet');
  });

  it.each(matrix)('%s reads with exactly the values pyarrow reads', async (file) => {
    const expected = expectationOf(file);
    const rows = await rowsOf(path.join(dir, file));
    expect(rows).toHaveLength(expected.rows);
    expect(Object.keys(rows[0])).toEqual(expected.columns);
    if (expected.values) expect(rows).toEqual(expected.values);
    else {
      expect(rows.slice(0, expected.head!.length)).toEqual(expected.head);
      expect(sha256OfRows(rows)).toBe(expected.sha256);
    }
  });

  it('reads int64 above 2^53 as exact strings, timestamps at their own precision, local times without Z', async () => {
    const [first, second] = await rowsOf(path.join(dir, 'pyarrow_zstd_page2_dict.parquet'));
    expect(first).toMatchObject({ id: '9007199254740993', ts_ns: '2022-10-17T09:46:40.123456789', ts_ns_utc: '2022-10-17T09:46:40.123456789Z' });
    expect(first).toMatchObject({ ts_us: '2022-10-17T08:30:00.123456', ts_ms_utc: '2022-10-17T08:30:00.123Z', day: '2022-10-17' });
    expect(second).toMatchObject({ id: '-9007199254740999', ts_ns: '1969-12-31T23:59:59.999999999', day: '1969-12-31', nums: null });
    expect(first.nums).toEqual([1, '9007199254740993']);
    expect(first.info).toEqual({ a: 1, b: 'x' });
  });

  it('reads the booleans of a data page v2 file unflipped', async () => {
    const rows = await rowsOf(path.join(dir, 'pyarrow_booleans_page2.parquet'));
    expect(rows.slice(0, 8).map((row) => row.flag)).toEqual([true, false, false, true, true, true, false, true]);
  });

  it('reads all 20,000 rows of a row group holding over 1 MiB of distinct text through the DataRecord reader', async () => {
    const records = await readDatasetAll(path.join(dir, 'pyarrow_big_text_rowgroup.parquet'), { onBadRecord: 'skip' });
    expect(records).toHaveLength(20_000);
    expect(records[19_999].id).toBe('1600000000000019999');
  });
});

describe('Parquet reader failures are loud', () => {
  const invalid = path.join(dir, 'pyarrow_invalid_utf8.parquet');

  it('names the file, row and column of text that is not valid UTF-8', async () => {
    await expect(readDatasetAll(invalid)).rejects.toThrow(`${invalid}:3: column 'text' holds bytes that are not valid UTF-8`);
    await expect(rowsOf(invalid)).rejects.toThrow(`${invalid}:3: column 'text' holds bytes that are not valid UTF-8`);
  });

  it('sends that one record to dead letters and keeps the others exact', async () => {
    const deadLetters: BadRecord[] = [];
    const records = await readDatasetAll(invalid, { onBadRecord: 'dead-letter', deadLetters });
    expect(records).toEqual([
      { id: '1', text: 'fine' },
      { id: '2', text: '🤖 ok' },
      { id: '4', text: 'fine again' },
    ]);
    expect(deadLetters).toEqual([{ file: invalid, line: 3, raw: '{"id":3}', error: `${invalid}:3: column 'text' holds bytes that are not valid UTF-8` }]);
  });

  it('throws on a damaged page header even under onBadRecord: skip (never a quiet partial read)', async () => {
    const source = path.join(dir, 'pyarrow_big_text_rowgroup.parquet');
    const bytes = Buffer.from(readFileSync(source));
    const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const text = metadata.row_groups[0].columns[1].meta_data!;
    bytes.fill(0xff, Number(text.dictionary_page_offset ?? text.data_page_offset), Number(text.dictionary_page_offset ?? text.data_page_offset) + 24);
    const damaged = path.join(scratch, 'damaged.parquet');
    writeFileSync(damaged, bytes);
    await expect(readDatasetAll(damaged, { onBadRecord: 'skip' })).rejects.toThrow(`${damaged}: cannot read column 'text' (rows 1-20000)`);
  });

  it('reads Spark-style INT96 timestamps as pyarrow does, and refuses an INT96 before 1970 by column (hyparquet would lose its day)', async () => {
    const [first] = await rowsOf(path.join(dir, 'pyarrow_spark_style.parquet'));
    expect(first.ts).toBe('2022-10-17T08:30:00.123456000');
    const before1970 = path.join(dir, 'pyarrow_int96_before_1970.parquet');
    await expect(readDatasetAll(before1970, { onBadRecord: 'skip' })).rejects.toThrow(
      `${before1970}: cannot read column 'ts' (rows 1-2): INT96 timestamp before 1970 with negative nanoseconds of the day`,
    );
  });

  it('refuses DECIMAL by name even under onBadRecord: skip', async () => {
    const decimal = path.join(import.meta.dirname, 'fixtures', 'decimal.parquet');
    await expect(readDatasetAll(decimal, { onBadRecord: 'skip' })).rejects.toThrow(`${decimal}: unsupported type DECIMAL in column 'price'`);
  });
});
