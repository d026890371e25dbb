// Specification of v2LineKey: the post id of a v2 stream line read from its bytes, and every case it leaves to JSON.parse.

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { datasetPath } from '@skimmer/core';
import { replayFileItems } from '../src/index.ts';
import type { ReplayItem } from '../src/index.ts';
import { v2LineKey } from '../src/v2LineKey.ts';

const key = (line: string): string | undefined => v2LineKey(Buffer.from(line, 'utf8'));

describe('v2LineKey reads', () => {
  test("data.id wherever it stands among data's fields and the line's", () => {
    expect(key('{"data":{"id":"17","text":"hi"}}')).toBe('17');
    expect(key('{"matching_rules":[{"id":"9","tag":"x"}],"data":{"entities":{"mentions":[{"id":"5"}]},"text":"a \\"}\\" b","id":"17"}}')).toBe('17');
  });
  test('pretty-printed and multi-byte lines', () => {
    expect(key(' { "data" : { "text" : "😀 é", "id" : "17" } , "includes" : { } } ')).toBe('17');
  });
});

describe('v2LineKey leaves to JSON.parse (undefined)', () => {
  test.each([
    ['a page, whose data is an array', '{"data":[{"id":"1"},{"id":"2"}]}'],
    ['a line with statuses, which replay splits as a v1.1 search page', '{"data":{"id":"1","text":"a"},"statuses":[]}'],
    ['a numeric id', '{"data":{"id":17}}'],
    ['an escaped id', '{"data":{"id":"1\\u0037"}}'],
    ['an escaped key', '{"d\\u0061ta":{"id":"17"}}'],
    ['an id_str, which keyOf prefers', '{"data":{"id":"17","id_str":"18"}}'],
    ['a tweet_id', '{"data":{"tweet_id":"18","id":"17"}}'],
    ['a repeated id', '{"data":{"id":"17","id":"18"}}'],
    ['a repeated data', '{"data":{"id":"17"},"data":"x"}'],
    ['data that is not an object', '{"data":null,"id":"17"}'],
    ['no data', '{"id":"17","text":"hi"}'],
    ['no id in data', '{"data":{"text":"hi"}}'],
    ['bytes after the line', '{"data":{"id":"17"}} x'],
    ['an unterminated line', '{"data":{"id":"17","text":"broken'],
    ['mismatched brackets', '{"data":{"id":"17"]}'],
    ['not an object', '["data"]'],
    ['a blank line', '   '],
  ])('%s', (_name, line) => {
    expect(key(line)).toBeUndefined();
  });
});

describe('replaying without times (v2LineKey) gives the records that parsing every line gives', () => {
  const folder = datasetPath('twitter-v2-twarc-csv');
  const files = readdirSync(folder).filter((f) => f.endsWith('.jsonl'));
  const all = async (file: string, times: boolean): Promise<Array<Pick<ReplayItem, 'key' | 'value'>>> => {
    const items: Array<Pick<ReplayItem, 'key' | 'value'>> = [];
    for await (const { key: k, value } of replayFileItems(`${folder}/${file}`, {}, { times }))
      items.push({ key: k, value: typeof value === 'string' ? value : Buffer.from(value).toString('utf8') });
    return items;
  };
  test.each(files)('%s', async (file) => {
    expect(await all(file, false)).toEqual(await all(file, true));
  });
  test('streaming_output_with_error.jsonl: the 7 stream lines are read by key, the broken last line is parsed', () => {
    const lines = readFileSync(`${folder}/streaming_output_with_error.jsonl`, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    expect(lines.map(key)).toEqual([...lines.slice(0, 7).map((l) => (JSON.parse(l) as { data: { id: string } }).data.id), undefined]);
  });
});
