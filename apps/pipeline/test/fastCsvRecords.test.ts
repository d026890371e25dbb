// The fast CSV path of streamed splits (Papa Parse on blocks of whole records) gives exactly the dataset reader's records and errors.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ColumnMapping, DataRecord } from '@skimmer/core';
import type { PipelineConfig } from '../src/config/pipelineConfigSchema.ts';
import { fastCsvRecords, QuoteCheck } from '../src/data/fastCsvRecords.ts';
import { openSplitSources } from '../src/data/splitSources.ts';
import { datasetsOf } from '../src/project/pluginProvider.ts';

const COLUMNS: ColumnMapping = { id: 'id', text: 'text', label: 'label' };

/** Records then, where reading stopped, the error message. */
async function collect(records: AsyncIterable<DataRecord | readonly DataRecord[]>): Promise<unknown[]> {
  const out: unknown[] = [];
  try {
    for await (const item of records) Array.isArray(item) ? out.push(...item) : out.push(item);
  } catch (error) {
    out.push(`error: ${(error as Error).message}`);
  }
  return out;
}

async function* skip(records: AsyncIterable<DataRecord>, n: number): AsyncGenerator<DataRecord> {
  let seen = 0;
  for await (const record of records) if (seen++ >= n) yield record;
}

// name, file text, the record count after which the dataset reader takes over (-1: never)
const CASES: Array<[string, string, number]> = [
  ['quotes, escaped quotes and commas', 'id,text,label\n1,hello,a\n2,"q ""x"", y",b\n', -1],
  ['CRLF line ends and a quoted CRLF', 'id,text,label\r\n1,hello,a\r\n2,"multi\r\nline",b\r\n', -1],
  ['a BOM and padded header names', '\uFEFF id , text ,label\n1,x,a\n', -1],
  ['no line end after the last record', 'id,text,label\n1,x,a\n2,y,b', -1],
  ['empty lines, skipped', 'id,text,label\n1,x,a\n\n2,y,b\n\n\n', -1],
  ['quoted line feeds, an empty field and a lone escaped quote', 'id,text,label\n1,"a\n\nb",a\n2,"",b\n3,"""",a\n', -1],
  ['extra columns and an empty label', 'id,author,text,label\n1,me,x,\n2,you,"a,b",c\n', -1],
  ['non-ASCII text', 'id,text,label\n1,"héllo 😀",a\n', -1],
  ['a quote inside an unquoted field', 'id,text,label\n1,x,a\n2,ab"c,b\n3,z,a\n', 0],
  ['a closing quote followed by a space', 'id,text,label\n1,"x" ,a\n', 0],
  ['a record with a missing field', 'id,text,label\n1,x,a\n2,y\n', 1],
  ['a quote never closed', 'id,text,label\n1,x,a\n2,"y,b\n', 1],
  ['an empty id', 'id,text,label\n1,x,a\n,y,b\n', 1],
  ['a record of empty fields', 'id,text,label\n1,x,a\n,,\n2,y,b\n', 1],
  ['a header and no record', 'id,text,label\n', 0],
  ['an empty file', '', 0],
  ['CR line ends', 'id,text,label\r1,x,a\r2,y,b\r', 0],
  ['no id column (ids are line numbers)', 'text,label\nx,a\ny,b\n', 0],
  ['a missing text column', 'id,body,label\n1,x,a\n', -1],
];

describe('fastCsvRecords', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-fastcsv-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test.each(CASES)('%s: the dataset reader’s records and errors', async (name, text, takeover) => {
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.csv`);
    await writeFile(file, text);
    const columns = name.startsWith('no id column') ? { text: 'text', label: 'label' } : COLUMNS;
    const datasets = await datasetsOf();
    let tookOver = -1;
    const fast = await collect(
      fastCsvRecords(file, columns, (n) => {
        tookOver = n;
        return skip(datasets.read(file, { columns }), n);
      }),
    );
    expect(fast).toEqual(await collect(datasets.read(file, { columns })));
    expect(tookOver).toBe(takeover);
  });

  test.each([
    [
      'renamed, extra and reserved-name columns',
      'COMMENT_ID,AUTHOR,label,CONTENT,CLASS,DATE\nc1,me,L,hi,1,d1\nc2,you,,yo,,d2\n',
      { id: 'COMMENT_ID', text: 'CONTENT', label: 'CLASS', author: 'AUTHOR' },
    ],
    ['a column named like an array index', 'id,7,text,label\n1,x,hi,a\n2,y,yo,b\n', COLUMNS],
    ['repeated header names', 'id,x,text,x,label\n1,p,hi,q,a\n', COLUMNS],
    ['a column named __proto__', 'id,__proto__,text,label\n1,x,hi,a\n2,,yo,b\n', COLUMNS],
    ['the text in a column named __proto__', 'id,__proto__,label\n1,hi,a\n', { id: 'id', text: '__proto__', label: 'label' }],
    ['no label column', 'id,text,extra\n1,hi,e\n2,yo,\n', { id: 'id', text: 'text' }],
    ['a renamed column that is also the text', 'id,text\n1,hi\n', { id: 'id', text: 'text', body: 'text' }],
  ] as Array<[string, string, ColumnMapping]>)('%s: the reader’s records, fields in the same order', async (name, text, columns) => {
    const file = path.join(dir, `order-${name.replace(/\W+/g, '-')}.csv`);
    await writeFile(file, text);
    const datasets = await datasetsOf();
    const order = (records: unknown[]) => records.map((r) => JSON.stringify(Object.entries(r as object)));
    const fast = await collect(fastCsvRecords(file, columns, (n) => skip(datasets.read(file, { columns }), n)));
    expect(order(fast)).toEqual(order(await collect(datasets.read(file, { columns }))));
  });

  test('records split across reads at every position come out whole', async () => {
    const text = 'id,text,label\n1,"a,""b""\nc",x\n2,plain,y\n3,"",z\n';
    for (let cut = 1; cut < text.length; cut++) {
      const check = new QuoteCheck();
      expect([check.chunk(text.slice(0, cut)), check.chunk(text.slice(cut)), check.end()]).toEqual([true, true, true]);
      expect(check.recordsEnd).toBe(text.length - cut);
    }
    const quotedEnd = new QuoteCheck();
    quotedEnd.chunk('id,text\n1,"a\nb');
    expect(quotedEnd.recordsEnd).toBe('id,text\n'.length);
  });

  test('a streamed split keeps extra columns on its points and moves the label to gold', async () => {
    const file = path.join(dir, 'extra.csv');
    await writeFile(file, 'id,author,text,label\n1,me,"a, b",spam\n2,you,c,\n1,them,d,ham\n');
    const config = { labels: ['ham', 'spam'], data: { train: { path: file, columns: COLUMNS } } } as unknown as PipelineConfig;
    const sources = await openSplitSources(config, dir, undefined);
    const chunks = [];
    for await (const chunk of sources.get('train')!.chunks(2)) chunks.push({ points: chunk.points, gold: Array.from(chunk.gold) });
    expect(chunks).toEqual([
      {
        points: [
          { id: '1', text: 'a, b', author: 'me' },
          { id: '2', text: 'c', author: 'you' },
        ],
        gold: [1, -1],
      },
      { points: [{ id: '1~2', text: 'd', author: 'them' }], gold: [0] },
    ]);
    expect(Object.keys(chunks[0].points[0])).toEqual(['id', 'text', 'author']);
  });

  test('a large file read in 1 MiB blocks gives every record in order', async () => {
    const file = path.join(dir, 'large.csv');
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i},"text ${i} with ""quotes"", commas\nand a line feed ${'x'.repeat(i % 50)}",${i % 2}`);
    await writeFile(file, `id,text,label\n${rows.join('\n')}\n`);
    const records = (await collect(fastCsvRecords(file, COLUMNS, () => (async function* () {})()))) as DataRecord[];
    expect(records.length).toBe(30_000);
    expect(records[29_999]).toEqual({ id: '29999', text: `text 29999 with "quotes", commas\nand a line feed ${'x'.repeat(29_999 % 50)}`, label: '1' });
    expect(records.every((r, i) => r.id === String(i))).toBe(true);
  });
});
