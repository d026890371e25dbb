// Specification of the replay Source on recorded Twitter v2 / v1.1 data, CSV, cursors and time-scaled replay.

import { describe, expect, test, vi } from 'vitest';
import { decodePosts, existingDatasetPath as datasetPath } from '@skimmer/core';
import type { SourceRecord } from '@skimmer/core';
import { replaySource } from '../src/index.ts';
import { twitterPostDecoders } from '@skimmer/plugins-twitter';

async function collect(records: AsyncIterable<SourceRecord>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}

// Paths checked up front: a missing file fails the test at once, naming it (the CSV reader would wait on it instead).
const v2 = (file: string): string => datasetPath('twitter-v2-twarc-csv', file);

describe('replaySource', () => {
  test('a stream recording yields one record per line, keyed by tweet id, the invalid last line included', async () => {
    const records = await collect(replaySource({ files: [v2('streaming_output_with_error.jsonl')] }).records());
    expect(records).toHaveLength(8);
    expect(records[0].key).toBe('1377650090978992134');
    expect(records[7].key).toBeNull();
    expect(records.map((r) => r.source)).toEqual(Array(8).fill('replay:streaming_output_with_error.jsonl'));
  });

  test('a response page of 100 tweets yields 100 records that each decode to their tweet', async () => {
    const records = await collect(replaySource({ files: [v2('brexit.jsonl')] }).records());
    expect(records).toHaveLength(100);
    expect(records.every((r) => decodePosts(r.value, r.source, r.cursor, undefined, twitterPostDecoders)[0].id === r.key)).toBe(true);
  });

  test('v1.1 statuses (one JSON per line in a .json file) yield 25 records', async () => {
    const records = await collect(replaySource({ files: [datasetPath('twitter-v1.1-tweet-parser', 'original_format_examples.json')] }).records());
    expect(records).toHaveLength(25);
  });

  test('a CSV file yields one JSON object per row, with the configured columns renamed', async () => {
    const source = replaySource({
      files: [datasetPath('ai-tweets', 'chatgpt-rtweet-albertomcd', 'GPT.csv')],
      columns: { created_at: 'created', source: 'statusSource' },
    });
    const [first] = await collect(take(source.records(), 1));
    const [post] = decodePosts(first.value, first.source, first.cursor, undefined, twitterPostDecoders);
    expect([post.id, post.client, post.text]).toEqual([
      '1651641228520194048',
      'Twitter for iPhone',
      'RT @gdb: ChatGPT as a tool for Congress: https://t.co/HlHJUSuPGl',
    ]);
  });

  test('a cursor resumes right after the record that carried it', async () => {
    const source = replaySource({ files: [v2('streaming_output_with_error.jsonl'), v2('brexit.jsonl')] });
    const all = await collect(source.records());
    const resumed = await collect(source.records({ cursor: all[5].cursor }));
    expect(resumed.map((r) => r.key)).toEqual(all.slice(6).map((r) => r.key));
  });

  test('speed 10 waits a tenth of the time between the records creation times', async () => {
    let now = 0;
    const waits: number[] = [];
    const source = replaySource({
      files: [v2('streaming_output_with_error.jsonl')],
      speed: 10,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    await collect(source.records());
    // created_at of the first lines: 15:52:31, 15:52:32, ... (one second apart) → 100 ms at 10x.
    expect(waits[0]).toBe(100);
  });

  test('recordBatches gives the records of records(), a read or 1,000 CSV rows at a time; a cursor resumes inside a batch', async () => {
    const source = replaySource({
      files: [v2('streaming_output_with_error.jsonl'), v2('brexit.jsonl'), datasetPath('ai-tweets', 'chatgpt-rtweet-albertomcd', 'GPT.csv')],
    });
    const batches: SourceRecord[][] = [];
    for await (const batch of source.recordBatches!()) batches.push([...batch]);
    // The stream file's last line has no line break: it ends the file's last read, apart.
    expect(batches.map((b) => b.length)).toEqual([7, 1, 100, 1000, 1000, 1000]);
    const all = await collect(source.records());
    expect(batches.flat()).toEqual(all);
    const resumed: SourceRecord[] = [];
    for await (const batch of source.recordBatches!({ cursor: '50' })) resumed.push(...batch);
    expect(resumed).toEqual(all.slice(50));
  });

  test('at speed 10 a batch holds only records that are due: each is given at its time', async () => {
    let now = 0;
    const source = replaySource({
      files: [v2('streaming_output_with_error.jsonl')],
      speed: 10,
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    const given: Array<{ at: number; keys: Array<string | null> }> = [];
    for await (const batch of source.recordBatches!()) given.push({ at: now, keys: batch.map((r) => r.key) });
    // Seven tweets created at 15:52:31, :32, 15:53:16, :42, :59, 15:54:09 and :16 (a tenth of the gaps at 10x), then
    // the invalid line, which has no time and waits for nothing.
    expect(given.map((g) => [g.at, g.keys.length])).toEqual([
      [0, 1],
      [100, 1],
      [4500, 1],
      [7100, 1],
      [8800, 1],
      [9800, 1],
      [10500, 1],
      [10500, 1],
    ]);
    expect(given.flatMap((g) => g.keys)).toEqual(
      (await collect(replaySource({ files: [v2('streaming_output_with_error.jsonl')] }).records())).map((r) => r.key),
    );
  });

  test('speed 0 (as fast as possible) never parses a creation time, of a JSON line or a CSV row', async () => {
    const parse = vi.spyOn(Date, 'parse');
    try {
      const records = await collect(
        replaySource({ files: [v2('streaming_output_with_error.jsonl'), datasetPath('ai-tweets', 'chatgpt-rtweet-albertomcd', 'GPT.csv')] }).records(),
      );
      expect(records).toHaveLength(8 + 3000);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });
});

async function* take<T>(items: AsyncIterable<T>, n: number): AsyncGenerator<T> {
  if (n <= 0) return;
  let i = 0;
  for await (const item of items) {
    yield item;
    if (++i >= n) return;
  }
}
