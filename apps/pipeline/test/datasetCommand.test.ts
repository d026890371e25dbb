// Specification of `pipeline dataset inspect` and `pipeline dataset convert` on the Parquet interop matrix and on CSV / JSONL files.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '@skimmer/core';
import { datasetCommand } from '../src/commands/dataset.ts';
import { goldLabel } from '../src/data/goldLabel.ts';
import { main } from '../src/cli.ts';

const interop = path.join(repoRoot, 'packages/plugins-datasets/test/fixtures/interop');
const scratch = mkdtempSync(path.join(tmpdir(), 'skimmer-dataset-cmd-'));
const matrix = readdirSync(interop).filter(
  (file) => file.endsWith('.parquet') && !['pyarrow_invalid_utf8.parquet', 'pyarrow_int96_before_1970.parquet'].includes(file),
);

/** Runs the command and returns what it printed. */
async function run(argv: string[]): Promise<string> {
  const printed: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
  try {
    expect(await datasetCommand(argv)).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return printed.join('\n');
}

afterEach(() => vi.restoreAllMocks());

/** Runs `pipeline <argv>` in process: the exit code and the lines it wrote on stderr. */
async function cli(argv: string[]): Promise<{ code: number; lines: string[] }> {
  const errors: string[] = [];
  const code = await main(argv, { write: (line: string) => errors.push(line) } as unknown as NodeJS.WritableStream);
  return { code, lines: errors.join('').trimEnd().split('\n') };
}

describe('pipeline dataset convert', () => {
  it.each(matrix)("%s to JSONL equals pyarrow's reading value for value", async (file) => {
    const expected = JSON.parse(readFileSync(path.join(interop, file.replace('.parquet', '.expected.json')), 'utf8'));
    const out = path.join(scratch, file.replace('.parquet', '.jsonl'));
    await run(['convert', path.join(interop, file), out]);
    const text = readFileSync(out, 'utf8');
    if (expected.values)
      expect(
        text
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toEqual(expected.values);
    // The expectation hashes pyarrow's rows as compact JSON lines: the JSONL file is those bytes.
    else expect(createHash('sha256').update(text).digest('hex')).toBe(expected.sha256);
  });

  it('keeps Parquet types through a Parquet → Parquet rewrite to zstd (int64 ids, UTC timestamps, lists)', async () => {
    const source = path.join(interop, 'pyarrow_snappy_page1_dict.parquet');
    const out = path.join(scratch, 'rewritten.parquet');
    await run(['convert', source, out, '--compression', 'zstd']);
    const described = JSON.parse(await run(['inspect', out, '--json']));
    expect(described.codecs).toEqual(['ZSTD']);
    expect(described.columns.find((c: { name: string }) => c.name === 'ts_ms_utc')).toMatchObject({
      physicalType: 'INT64',
      logicalType: 'TIMESTAMP(MILLIS, UTC)',
      nulls: 2,
    });
    expect(described.columns.find((c: { name: string }) => c.name === 'id')).toMatchObject({ physicalType: 'INT64', nulls: 1 });
    const back = await run(['convert', out, path.join(scratch, 'rewritten.jsonl')]);
    expect(back).toContain('10 rows');
    const rows = readFileSync(path.join(scratch, 'rewritten.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows[0]).toMatchObject({ id: '9007199254740993', ts_ms_utc: '2022-10-17T08:30:00.123Z', tags: ['a', 'b'], info: { a: 1, b: 'x' } });
  });

  it('writes CSV with formulas defused and reads the CSV back as text', async () => {
    const jsonl = path.join(scratch, 'posts.jsonl');
    writeFileSync(
      jsonl,
      `${JSON.stringify({ id: '1', text: '=HYPERLINK("http://x")', n: 2 })}\n${JSON.stringify({ id: '2', text: 'plain, "quoted"\nline', n: null })}\n`,
    );
    const csv = path.join(scratch, 'posts.csv');
    await run(['convert', jsonl, csv]);
    expect(readFileSync(csv, 'utf8')).toBe(`id,text,n\n1,"'=HYPERLINK(""http://x"")",2\n2,"plain, ""quoted""\nline",\n`);
  });

  it('defuses formula-leading cells in CSV → CSV too (CSV output always does)', async () => {
    const csv = path.join(scratch, 'formulas.csv');
    writeFileSync(csv, 'id,text\n1,=1+1\n2,+33 612\n3,-5\n4,@sum\n5,plain\n');
    const out = path.join(scratch, 'formulas-out.csv');
    await run(['convert', csv, out]);
    expect(readFileSync(out, 'utf8')).toBe("id,text\n1,'=1+1\n2,'+33 612\n3,'-5\n4,'@sum\n5,plain\n");
  });

  it('refuses to convert a file onto itself (same path, another spelling of it, a link to it), exit 2, file untouched', async () => {
    const csv = path.join(scratch, 'self.csv');
    writeFileSync(csv, 'id,text\n1,=1+1\n');
    const link = path.join(scratch, 'self-link.csv');
    symlinkSync(csv, link);
    const relative = path.relative(process.cwd(), csv);
    for (const out of [csv, relative, link]) {
      expect(await cli(['dataset', 'convert', csv, out])).toEqual({
        code: 2,
        lines: [`pipeline: dataset convert: ${out} is the input file ${csv}; write to another file`],
      });
    }
    expect(readFileSync(csv, 'utf8')).toBe('id,text\n1,=1+1\n');
  });

  it.each(['csv', 'jsonl', 'ndjson'])('refuses --compression for .%s output, naming the option and Parquet, exit 2', async (ext) => {
    const out = path.join(scratch, `zstd.${ext}`);
    expect(await cli(['dataset', 'convert', path.join(interop, 'pandas_to_parquet.parquet'), out, '--compression', 'zstd'])).toEqual({
      code: 2,
      lines: [`pipeline: --compression applies to Parquet output (.parquet) only; ${out} is ${ext === 'csv' ? 'csv' : 'jsonl'}, written uncompressed`],
    });
    expect(existsSync(out)).toBe(false);
  });

  it('pipeline export refuses --compression for CSV output before opening any store, exit 2', async () => {
    expect(await cli(['export', path.join(scratch, 'no-config.yaml'), '--out', 'labels.csv', '--compression', 'zstd'])).toEqual({
      code: 2,
      lines: ['pipeline: --compression applies to Parquet output (.parquet) only; labels.csv is csv, written uncompressed'],
    });
  });

  it('leaves no output behind when a row part-way through cannot be read', async () => {
    const jsonl = path.join(scratch, 'broken.jsonl');
    const lines = Array.from({ length: 1500 }, (_, i) => JSON.stringify({ id: String(i), text: `post ${i}` }));
    lines[1499] = '{"id": "1499", "text": ';
    writeFileSync(jsonl, `${lines.join('\n')}\n`);
    const csv = path.join(scratch, 'broken.csv');
    await expect(datasetCommand(['convert', jsonl, csv])).rejects.toThrow(`${jsonl}:1500: invalid JSON`);
    expect(readdirSync(scratch).filter((file) => file.startsWith('broken.csv'))).toEqual([]);
  });
});

describe('pipeline dataset inspect', () => {
  it('prints rows, columns with physical and logical types, null counts, codec, row groups and first rows', async () => {
    const printed = await run(['inspect', path.join(interop, 'pandas_to_parquet.parquet'), '--rows', '1']);
    expect(printed).toContain('pandas_to_parquet.parquet: parquet, 4 rows, 9 columns');
    expect(printed).toContain('codecs: SNAPPY; written by: parquet-cpp-arrow version 22.0.0');
    expect(printed).toMatch(/created_at_utc\s+INT64\s+TIMESTAMP\(NANOS, UTC\)\s+1/);
    expect(printed).toMatch(/tweet\s+BYTE_ARRAY\s+STRING\s+1/);
    expect(printed).toContain('"tweet_id":"9007199254740993"');
  });

  it('--json describes CSV files too (every value text, empty cells counted as nulls)', async () => {
    const csv = path.join(scratch, 'inspect.csv');
    writeFileSync(csv, 'id,text,label\n1,a,1.0\n2,b,\n');
    expect(JSON.parse(await run(['inspect', csv, '--json']))).toMatchObject({
      format: 'csv',
      rows: 2,
      columns: [
        { name: 'id', physicalType: 'text', nulls: 0 },
        { name: 'text', physicalType: 'text', nulls: 0 },
        { name: 'label', physicalType: 'text', nulls: 1 },
      ],
    });
  });

  it('exits 2 with the file, column and reason when a file cannot be read exactly', async () => {
    const errors: string[] = [];
    const err = { write: (line: string) => errors.push(line) } as unknown as NodeJS.WritableStream;
    const bad = path.join(repoRoot, 'packages/plugins-datasets/test/fixtures/decimal.parquet');
    expect(await main(['dataset', 'inspect', bad], err)).toBe(2);
    expect(errors.join('')).toContain(`${bad}: unsupported type DECIMAL in column 'price'`);
  });

  it.each(['parquet', 'csv', 'jsonl'])('says a missing .%s file is not found, exit 2', async (ext) => {
    const missing = path.join(scratch, `missing.${ext}`);
    expect(await cli(['dataset', 'inspect', missing])).toEqual({ code: 2, lines: [`pipeline: ${missing}: file not found`] });
  });

  it('refuses a cell that is not UTF-8 as `run` does, naming file, row and column, exit 2', async () => {
    const bad = path.join(interop, 'pyarrow_invalid_utf8.parquet');
    expect(await cli(['dataset', 'inspect', bad])).toEqual({ code: 2, lines: [`pipeline: ${bad}:3: column 'text' holds bytes that are not valid UTF-8`] });
  });

  it.each([['--rows', '-1'], ['--rows=-1'], ['--rows', '1.5']])('refuses %s %s in one line, exit 2', async (...flag) => {
    const file = path.join(interop, 'pandas_to_parquet.parquet');
    const value = flag.join(' ').replace(/^--rows[ =]/, '');
    expect(await cli(['dataset', 'inspect', file, ...flag])).toEqual({ code: 2, lines: [`pipeline: --rows expects a whole number, got '${value}'`] });
  });
});

describe('gold labels written by pandas', () => {
  it('reads "1.0" (an int column that held a NaN, written by to_csv) as class 1 and still refuses 1.5', () => {
    const where = { file: 'gold.csv', record: 'r1' };
    expect(goldLabel('1.0', ['ham', 'spam'], where)).toBe(1);
    expect(goldLabel('0.0', ['ham', 'spam'], where)).toBe(0);
    expect(() => goldLabel('1.5', ['ham', 'spam'], where)).toThrow('label "1.5" is not a class');
  });
});
