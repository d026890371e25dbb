// Specification of Parquet interop: pyarrow-written fixtures read exactly, Skimmer-written files read back, clear errors.

import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DataError, datasetPath } from '@skimmer/core';
import { readDatasetAll, writeDataset } from '../src/index.ts';
import { skimmerWrittenRows } from './fixtures/skimmerWrittenRows.ts';

const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);
const tweetColumns = { columns: { id: 'tweet_id', text: 'content' } };
const scratch = mkdtempSync(path.join(tmpdir(), 'skimmer-parquet-'));

/** The rows scripts/fixtures/make_parquet_fixtures.py writes, as the reader returns them. */
const PYARROW_TWEETS = [
  { id: '1590000000000000001', text: 'Machine learning is fun 🤖👩‍💻', label: 'ai', created_at: '2022-10-17T08:30:00.000Z', retweets: 3 },
  { id: '1590000000000000002', text: 'line one\nline two', label: null, created_at: '2022-10-17T09:00:00.123Z', retweets: 0 },
  { id: '1590000000000000003', text: 'الذكاء الاصطناعي مفيد', label: 'ai', created_at: null, retweets: null },
  { id: '9007199254740993', text: 'שלום עולם AI', label: 'other', created_at: '2023-01-01T00:00:00.000Z', retweets: 12 },
];

describe('parquetReader', () => {
  it('reads a snappy file written by pyarrow exactly: int64 ids above 2^53, emoji, newlines, RTL text, nulls, timestamps', async () => {
    expect(await readDatasetAll(fixture('tweets_snappy.parquet'), tweetColumns)).toEqual(PYARROW_TWEETS);
  });

  it('reads the same rows from a gzip file written by pyarrow', async () => {
    expect(await readDatasetAll(fixture('tweets_gzip.parquet'), tweetColumns)).toEqual(PYARROW_TWEETS);
  });

  it('reads back the committed files that Skimmer wrote (checked with pyarrow, pandas, Polars by scripts/fixtures/check_skimmer_parquet.py)', async () => {
    // Every record has every column; a field a record lacked was written as a null cell and reads back as null.
    const columns = [...new Set(skimmerWrittenRows.flatMap((row) => Object.keys(row)))];
    const expected = skimmerWrittenRows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column] ?? null])));
    expect(await readDatasetAll(fixture('skimmer_written.parquet'))).toEqual(expected);
    expect(await readDatasetAll(fixture('skimmer_written_zstd_int64.parquet'))).toEqual(expected);
  });

  it('round-trips 2,000 real CrisisLexT6 tweets through the writer and the reader unchanged', async () => {
    const tweets = (
      await readDatasetAll(datasetPath('crisislex-t6', '2013_Oklahoma_Tornado-ontopic_offtopic.csv'), { columns: { id: 'tweet id', text: 'tweet' } })
    ).slice(0, 2000);
    const file = path.join(scratch, 'oklahoma.parquet');
    expect((await writeDataset(file, tweets)).rows).toBe(2000);
    expect(await readDatasetAll(file)).toEqual(tweets);
  });

  it("reads the same rows from a zstd file (Polars' default codec; parquetjs-lite refused it)", async () => {
    expect(await readDatasetAll(fixture('tweets_zstd.parquet'), tweetColumns)).toEqual(PYARROW_TWEETS);
  });

  it('reads nanosecond timestamps with all nine digits and names the column of a DECIMAL it will not round', async () => {
    expect(await readDatasetAll(fixture('timestamp_ns.parquet'))).toEqual([{ id: '1', text: 'a', created_at: '2022-01-01T00:00:00.000000000Z' }]);
    await expect(readDatasetAll(fixture('decimal.parquet'))).rejects.toThrow(`${fixture('decimal.parquet')}: unsupported type DECIMAL in column 'price'`);
  });

  it('reports a truncated file as corrupt or truncated, naming it', async () => {
    const bytes = readFileSync(fixture('tweets_snappy.parquet'));
    const truncated = path.join(scratch, 'truncated.parquet');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 200));
    await expect(readDatasetAll(truncated, tweetColumns)).rejects.toThrow(`${truncated}: corrupt or truncated Parquet file`);
  });

  it('reports a file that is not Parquet at all as corrupt, naming it', async () => {
    const notParquet = path.join(scratch, 'not.parquet');
    writeFileSync(notParquet, 'id,text\n1,hello\n');
    const error = await readDatasetAll(notParquet).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toBe(`${notParquet}: corrupt or truncated Parquet file (parquet file invalid (footer != PAR1))`);
  });

  it('lists the columns when the text column is missing', async () => {
    await expect(readDatasetAll(fixture('tweets_snappy.parquet'))).rejects.toThrow(
      `${fixture('tweets_snappy.parquet')}: no column 'text' (columns: tweet_id, content, label, created_at, retweets); map one with columns.text`,
    );
  });

  it('rejects an empty (0-byte) file', async () => {
    const empty = path.join(scratch, 'empty.parquet');
    writeFileSync(empty, '');
    await expect(readDatasetAll(empty)).rejects.toThrow(`${empty}: empty file (no records)`);
  });
});
