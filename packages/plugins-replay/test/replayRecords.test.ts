// Specification of replayFileItems' JSON-lines reader: exact line bytes, CRLF, lines across reads, blank and invalid lines, times.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DataError, decodePosts, datasetPath } from '@skimmer/core';
import { replayFileItemBatches, replayFileItems } from '../src/index.ts';
import type { ReplayFileOptions, ReplayItem } from '../src/index.ts';
import { twitterPostDecoders } from '@skimmer/plugins-twitter';

const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-replay-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** A JSON-lines file holding exactly these bytes. */
function linesFile(bytes: Buffer | string): string {
  const file = path.join(dir, `lines-${++files}.jsonl`);
  writeFileSync(file, bytes);
  return file;
}

async function items(file: string, options?: ReplayFileOptions): Promise<ReplayItem[]> {
  const out: ReplayItem[] = [];
  for await (const item of replayFileItems(file, {}, options)) out.push(item);
  return out;
}

/** A live v1.1 stream recording: 307 lines, most ending CRLF, 12 blank, 85 parts of statuses broken over two lines. */
const CRLF_STREAM = datasetPath('ai-tweets', 'rtweet-fixtures-v1.1-search', 'stream-20210221173118.json');

/** The file's lines split on LF, less a trailing CR, blank ones left out, in hex (the file is ASCII). */
function nonBlankLinesHex(file: string): string[] {
  const text = readFileSync(file, 'latin1');
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '')
    .map((line) => Buffer.from(line, 'latin1').toString('hex'));
}

/** A byte value in hex, a string value as null (comparing hex is much faster than comparing Buffers byte by byte). */
const hex = (value: Uint8Array | string): string | null =>
  typeof value === 'string' ? null : Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');

describe('replayFileItems (JSON lines)', () => {
  test('a line that is one record is its exact bytes, multi-byte UTF-8 and JSON escapes as written', async () => {
    const line = '{"data":{"id":"1","text":"caf\\u00e9 ☕ café 😀"}}';
    const records = await items(linesFile(`${line}\n`));
    expect(records).toEqual([{ key: '1', value: Buffer.from(line, 'utf8'), createdAtMs: null }]);
  });

  test('a CRLF recording yields each non-blank line as its bytes without the CR: 295 records from 307 lines', async () => {
    const records = await items(CRLF_STREAM);
    expect(records).toHaveLength(295);
    expect(records.map((r) => hex(r.value))).toEqual(nonBlankLinesHex(CRLF_STREAM));
  });

  test('lines longer than a read (here 1,000 bytes) are put together from the reads they span', async () => {
    const records = await items(CRLF_STREAM, { readBytes: 1000 });
    expect(records.map((r) => hex(r.value))).toEqual(nonBlankLinesHex(CRLF_STREAM));
  });

  test('with 1-byte reads, a CR and its LF in separate reads and a 4-byte character over four reads come out whole', async () => {
    const records = await items(linesFile('{"id":"1","text":"😀"}\r\n{"id":"2"}'), { readBytes: 1 });
    expect(records.map((r) => [r.key, r.value])).toEqual([
      ['1', Buffer.from('{"id":"1","text":"😀"}', 'utf8')],
      ['2', Buffer.from('{"id":"2"}')],
    ]);
  });

  test('blank and whitespace-only lines are skipped, CRLF ones included', async () => {
    const records = await items(linesFile('\n   \n{"id":"1"}\n\t\r\n\r\n\n{"id":"2"}\n\n'));
    expect(records.map((r) => r.key)).toEqual(['1', '2']);
  });

  test('a line that is not valid UTF-8 is one record of its raw bytes, which the consumer rejects as not UTF-8', async () => {
    const invalid = Buffer.concat([Buffer.from('{"data":{"id":"2","text":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]);
    const records = await items(linesFile(Buffer.concat([invalid, Buffer.from('\n{"data":{"id":"3","text":"ok"}}\n')])));
    expect(records.map((r) => [r.key, r.value])).toEqual([
      [null, invalid],
      ['3', Buffer.from('{"data":{"id":"3","text":"ok"}}')],
    ]);
    expect(() => decodePosts(records[0].value, 'replay', 'r/0', undefined, twitterPostDecoders)).toThrow(
      new DataError('record r/0: value is not valid UTF-8', { record: 'r/0', field: 'value' }),
    );
  });

  test('a line holding a real U+FFFD is valid UTF-8 and is read as JSON like any other', async () => {
    const line = '{"id":"4","text":"\uFFFD"}';
    const records = await items(linesFile(`${line}\n`));
    expect(records).toEqual([{ key: '4', value: Buffer.from(line, 'utf8'), createdAtMs: null }]);
  });

  test('the tweets of a v2 page line are JSON strings, one per tweet', async () => {
    const records = await items(datasetPath('twitter-v2-twarc-csv', 'brexit.jsonl'));
    expect(records).toHaveLength(100);
    expect(records.every((r) => typeof r.value === 'string' && JSON.parse(r.value).data.id === r.key)).toBe(true);
  });

  test('createdAtMs is the creation time by default, and null with times: false', async () => {
    const file = datasetPath('twitter-v2-twarc-csv', 'streaming_output_with_error.jsonl');
    expect((await items(file)).slice(0, 2).map((r) => r.createdAtMs)).toEqual([Date.UTC(2021, 3, 1, 15, 52, 31), Date.UTC(2021, 3, 1, 15, 52, 32)]);
    expect((await items(file, { times: false })).map((r) => r.createdAtMs)).toEqual(Array(8).fill(null));
  });
});

describe('a CSV file that cannot be read', () => {
  test('rejects at once with the error naming the file, instead of waiting for rows', async () => {
    const missing = path.join(tmpdir(), `skimmer-no-such-${process.pid}.csv`);
    const started = Date.now();
    await expect(
      (async () => {
        for await (const batch of replayFileItemBatches(missing)) void batch;
      })(),
    ).rejects.toThrow(missing);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
