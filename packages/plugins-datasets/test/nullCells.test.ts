// Specification of null cells: every reader keeps a null cell null, so a null id or text is a bad record, never renumbered.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BadRecord } from '@skimmer/core';
import { readDatasetAll, writeRows } from '../src/index.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'skimmer-null-cells-'));
const interop = (name: string) => path.join(import.meta.dirname, 'fixtures', 'interop', name);
const NULL_ID_ROWS = [
  { id: 'a1', text: 'hello a' },
  { id: null, text: 'orphan e' },
  { id: '2', text: 'real two o' },
  { id: 'b3', text: 'x a e' },
];

describe('a null id cell', () => {
  it('is refused the same way in JSONL and Parquet, naming file, row and field', async () => {
    const jsonl = path.join(scratch, 'nullid.jsonl');
    writeFileSync(jsonl, `${NULL_ID_ROWS.map((row) => JSON.stringify(row)).join('\n')}\n`);
    const parquet = path.join(scratch, 'nullid.parquet');
    expect((await writeRows(parquet, NULL_ID_ROWS)).rows).toBe(4);
    await expect(readDatasetAll(jsonl)).rejects.toThrow(`${jsonl}:2: field 'id' must be a non-empty string or number`);
    await expect(readDatasetAll(parquet)).rejects.toThrow(`${parquet}:2: field 'id' must be a non-empty string or number`);
  });

  it('goes to dead letters under onBadRecord, and no other row takes its number as id', async () => {
    const parquet = path.join(scratch, 'nullid-dead.parquet');
    await writeRows(parquet, NULL_ID_ROWS);
    const deadLetters: BadRecord[] = [];
    const records = await readDatasetAll(parquet, { onBadRecord: 'dead-letter', deadLetters });
    expect(records.map((record) => record.id)).toEqual(['a1', '2', 'b3']);
    expect(deadLetters).toEqual([
      { file: parquet, line: 2, raw: '{"id":null,"text":"orphan e"}', error: `${parquet}:2: field 'id' must be a non-empty string or number` },
    ]);
  });

  it('is refused in CSV as an empty cell is', async () => {
    const csv = path.join(scratch, 'nullid.csv');
    writeFileSync(csv, 'id,text\na1,hello a\n,orphan e\n');
    await expect(readDatasetAll(csv)).rejects.toThrow(`${csv}:3: field 'id' must be a non-empty string or number`);
  });

  it('differs from a file without an id column, whose records are numbered', async () => {
    const parquet = path.join(scratch, 'noid.parquet');
    await writeRows(parquet, [{ text: 'one' }, { text: 'two' }]);
    expect(await readDatasetAll(parquet)).toEqual([
      { id: '1', text: 'one' },
      { id: '2', text: 'two' },
    ]);
  });
});

describe('a null text cell in files pandas and Polars wrote', () => {
  it('is reported as null, not as a missing column (Polars, row 5)', async () => {
    const file = interop('polars_snappy.parquet');
    await expect(readDatasetAll(file)).rejects.toThrow(`${file}:5: field 'text' must be a string (got null)`);
  });

  it('is reported as null with a mapped column (pandas, row 3, column tweet)', async () => {
    const file = interop('pandas_to_parquet.parquet');
    const deadLetters: BadRecord[] = [];
    const records = await readDatasetAll(file, { columns: { id: 'tweet_id', text: 'tweet' }, onBadRecord: 'dead-letter', deadLetters });
    expect(records.map((record) => [record.id, record.label, record.score])).toEqual([
      ['9007199254740993', 1, 0.25],
      ['1590000000000000002', 0, null],
      ['7', 1, -2.5],
    ]);
    expect(deadLetters.map((bad) => bad.error)).toEqual([`${file}:3: field 'tweet' must be a string (got null)`]);
  });
});

describe('a JSONL record without the id field', () => {
  it('is a bad record when the first record has an id: it never takes its line number, which may be a real id', async () => {
    const jsonl = path.join(scratch, 'missingid.jsonl');
    writeFileSync(jsonl, '{"id":"a1","text":"hello a"}\n{"text":"orphan e"}\n{"id":"2","text":"real two o"}\n');
    const deadLetters: BadRecord[] = [];
    const records = await readDatasetAll(jsonl, { onBadRecord: 'dead-letter', deadLetters });
    expect(records.map((record) => record.id)).toEqual(['a1', '2']);
    expect(deadLetters.map((letter) => letter.error)).toEqual([
      `${jsonl}:2: field 'id' is missing (the file's records carry ids: its first record has one, or columns.id names it)`,
    ]);
  });

  it('is numbered by line when no record has one; a record that has one then is a bad record', async () => {
    const jsonl = path.join(scratch, 'noid.jsonl');
    writeFileSync(jsonl, '{"text":"one"}\n\n{"text":"three"}\n{"id":"1","text":"four"}\n');
    const deadLetters: BadRecord[] = [];
    const records = await readDatasetAll(jsonl, { onBadRecord: 'dead-letter', deadLetters });
    expect(records).toEqual([
      { id: '1', text: 'one' },
      { id: '3', text: 'three' },
    ]);
    expect(deadLetters.map((letter) => letter.line)).toEqual([4]);
  });

  it('is a bad record from the first line when columns.id names the field', async () => {
    const jsonl = path.join(scratch, 'namedid.jsonl');
    writeFileSync(jsonl, '{"text":"one"}\n');
    await expect(readDatasetAll(jsonl, { columns: { id: 'id' } })).rejects.toThrow(`${jsonl}:1: field 'id' is missing`);
  });
});
