// Specification of format dispatch and of the writers: extensions pick the reader / writer, values that do not fit are errors.

import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { datasetFormatOf } from '@skimmer/core';
import { createParquetWriter, readDatasetAll, writeDataset } from '../src/index.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'skimmer-datasets-'));

describe('dataset files by extension', () => {
  it('maps .csv, .jsonl, .ndjson and .parquet (any case) to their formats', () => {
    expect(['a.csv', 'b.JSONL', 'c.ndjson', 'd.parquet'].map(datasetFormatOf)).toEqual(['csv', 'jsonl', 'jsonl', 'parquet']);
  });

  it('refuses an unknown extension, naming the file', () => {
    expect(() => datasetFormatOf('posts.xlsx')).toThrow("posts.xlsx: unknown dataset format '.xlsx' (expected .csv, .jsonl, .ndjson or .parquet)");
  });

  it('writes JSONL that reads back the same, bigints as decimal strings', async () => {
    const file = path.join(scratch, 'out.ndjson');
    expect(await writeDataset(file, [{ id: '1', text: 'héllo 👋', label: 1, big: 2n ** 64n }])).toEqual({ rows: 1, bytes: 71 });
    expect(await readDatasetAll(file)).toEqual([{ id: '1', text: 'héllo 👋', label: 1, big: '18446744073709551616' }]);
  });

  it('does not write CSV', () => {
    expect(() => writeDataset(path.join(scratch, 'out.csv'), [])).toThrow('cannot write csv datasets (write .jsonl or .parquet)');
  });

  it('names the record and column when a later value does not fit the inferred Parquet type', async () => {
    const writer = createParquetWriter({ inferenceSample: 1 });
    await expect(
      writer.write(path.join(scratch, 'mixed.parquet'), [
        { id: 'a', text: 't', score: 1 },
        { id: 'b', text: 't', score: 'high' },
      ]),
    ).rejects.toThrow("record 'b': column 'score' expects INT64, got string high");
  });
});
