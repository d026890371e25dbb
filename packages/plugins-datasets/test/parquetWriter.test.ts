// Specification of the Parquet writer: logical types pyarrow / pandas / Polars read right, snappy and zstd, row groups sized by bytes.

import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetMetadata } from 'hyparquet';
import type { FileMetaData } from 'hyparquet';
import type { DataRecord } from '@skimmer/core';
import { createParquetWriter, inferParquetColumns, readDatasetAll, rowGroupRowsFor, writeRows } from '../src/index.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'skimmer-parquet-writer-'));
const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);
const footer = (file: string): FileMetaData => {
  const bytes = readFileSync(file);
  return parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};
const elementOf = (metadata: FileMetaData, name: string) => metadata.schema.find((element) => element.name === name);

const tweets: DataRecord[] = [
  { id: '1600000000000000001', text: 'first 🤖', label: 1, created_at: '2013-01-01T00:00:00.000Z', tags: ['a'], meta: { n: 1 } },
  { id: '1600000000000000002', text: 'second\nline', label: null, created_at: '2013-01-01T00:00:01.500Z', tags: [] },
];

describe('parquetWriter', () => {
  it('writes created_at as a UTC timestamp, ids as declared, lists and objects as JSON encoded once', async () => {
    const file = path.join(scratch, 'typed.parquet');
    await createParquetWriter({ idType: 'int64' }).write(file, tweets);
    const metadata = footer(file);
    expect(elementOf(metadata, 'created_at')).toMatchObject({ type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' } });
    expect(elementOf(metadata, 'id')).toMatchObject({ type: 'INT64', repetition_type: 'REQUIRED' });
    expect(elementOf(metadata, 'text')).toMatchObject({ type: 'BYTE_ARRAY', logical_type: { type: 'STRING' }, repetition_type: 'REQUIRED' });
    expect(elementOf(metadata, 'tags')).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'JSON' });
    expect(await readDatasetAll(file)).toEqual([
      tweets[0],
      // The null label and the missing meta of the second record are null cells: they read back as null.
      { id: '1600000000000000002', text: 'second\nline', label: null, created_at: '2013-01-01T00:00:01.500Z', tags: [], meta: null },
    ]);
  });

  it('writes int64 ids above 2^53 exactly (parquetjs-lite read 8 such ids back as one)', async () => {
    const file = path.join(scratch, 'ids.parquet');
    const records = Array.from({ length: 8 }, (_, i) => ({ id: String(1_600_000_000_000_000_000n + BigInt(i)), text: `t${i}` }));
    await createParquetWriter({ idType: 'int64' }).write(file, records);
    expect((await readDatasetAll(file)).map((record) => record.id)).toEqual(records.map((record) => record.id));
  });

  it.each(['SNAPPY', 'ZSTD', 'GZIP', 'BROTLI', 'UNCOMPRESSED'] as const)('writes %s pages that read back unchanged', async (compression) => {
    const file = path.join(scratch, `codec-${compression}.parquet`);
    await createParquetWriter({ compression }).write(file, tweets);
    expect(new Set(footer(file).row_groups.flatMap((group) => group.columns.map((column) => column.meta_data?.codec)))).toEqual(new Set([compression]));
    expect(await readDatasetAll(file)).toHaveLength(2);
  });

  it('sizes row groups by bytes: ~32 MiB of tweets is one group, a small target splits them', async () => {
    expect(rowGroupRowsFor(tweets)).toBeGreaterThan(100_000);
    const records = Array.from({ length: 5000 }, (_, i) => ({ id: String(i), text: `post number ${i} `.repeat(5) }));
    const one = path.join(scratch, 'one-group.parquet');
    await createParquetWriter().write(one, records);
    expect(footer(one).row_groups).toHaveLength(1);
    const split = path.join(scratch, 'split.parquet');
    await createParquetWriter({ rowGroupBytes: 100_000 }).write(split, records);
    expect(footer(split).row_groups.map((group) => Number(group.num_rows))).toEqual([1000, 1000, 1000, 1000, 1000]);
  });

  it('refuses a lone surrogate, naming the record and column, and leaves no file behind', async () => {
    const file = path.join(scratch, 'surrogate.parquet');
    await expect(createParquetWriter().write(file, [{ id: '7', text: 'broken \ud83d here' }])).rejects.toThrow(
      "record '7': column 'text' holds a lone UTF-16 surrogate (not encodable as UTF-8)",
    );
    await expect(readDatasetAll(file)).rejects.toThrow(`${file}: file not found`);
  });

  it('refuses an id that is not an integer when ids are declared int64', async () => {
    await expect(createParquetWriter({ idType: 'int64' }).write(path.join(scratch, 'bad-id.parquet'), [{ id: 'abc', text: 'x' }])).rejects.toThrow(
      "record 'abc': column 'id' expects INT64",
    );
  });

  it('infers timestamp units from the fraction digits and keeps mixed kinds as text', () => {
    expect(
      inferParquetColumns([
        { id: '1', text: 'a', ms: '2013-01-01T00:00:00Z', us: '2013-01-01T00:00:00.123456Z', local: '2013-01-01T00:00:00', n: 1, x: 1.5, mixed: 1 },
        { id: '2', text: 'b', mixed: 'two' },
      ]),
    ).toEqual(
      new Map([
        ['id', 'UTF8'],
        ['text', 'UTF8'],
        ['ms', 'TIMESTAMP_MILLIS'],
        ['us', 'TIMESTAMP_MICROS'],
        ['local', 'UTF8'],
        ['n', 'INT64'],
        ['x', 'DOUBLE'],
        ['mixed', 'UTF8'],
      ]),
    );
  });

  it('matches the footer facts that pyarrow, pandas and Polars reported for the committed files', () => {
    const report = JSON.parse(readFileSync(fixture('skimmer_written.pycheck.json'), 'utf8'));
    expect(report.files.map((file: { ok: boolean }) => file.ok)).toEqual([true, true]);
    expect(report.files[0].pyarrow_types).toMatchObject({ id: 'string', created_at: 'timestamp[ms, tz=UTC]', tags: 'extension<arrow.json>' });
    expect(report.files[1].pandas_dtypes).toMatchObject({ id: 'int64', created_at: 'datetime64[ms, UTC]' });
  });
});

describe('writeRows with a compression', () => {
  it.each(['csv', 'jsonl'])('refuses one for .%s output (written uncompressed) and writes nothing', async (ext) => {
    const file = path.join(scratch, `compressed.${ext}`);
    await expect(writeRows(file, [{ id: '1', text: 'x' }], { compression: 'ZSTD' })).rejects.toThrow(
      `${file}: compression ZSTD applies to Parquet only (${ext} is written uncompressed)`,
    );
    expect(existsSync(file)).toBe(false);
  });
});
