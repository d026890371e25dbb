// Specification of prepareIngestBatch: records decoded a few at a time straight into a store's rows give what
// decodeBatch gives, repeated ids and dead letters included.

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decodeBatch, prepareIngestBatch, datasetPath } from '@skimmer/core';
import type { ConsumedRecord } from '@skimmer/core';
import { preparedPostsWriter, summariesOf, summarize } from '../fixtures/summaryPostPreparer.ts';
import { twitterPostDecoders } from '@skimmer/plugins-twitter';

const streamLines = readFileSync(datasetPath('twitter-v2-twarc-csv', 'streaming_output_with_error.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l !== '');
const [firstLine] = streamLines;
const badLine = streamLines.at(-1)!;

/** The first real stream line with its tweet's id and text replaced. */
function lineWith(id: string, text: string): string {
  const tweet = JSON.parse(firstLine) as { data: { id: string; text: string } };
  return JSON.stringify({ ...tweet, data: { ...tweet.data, id, text } });
}

const records = (values: readonly string[]): ConsumedRecord[] =>
  values.map((value, i) => ({
    topic: 'posts',
    partition: 2,
    offset: String(100 + i),
    key: null,
    value: Buffer.from(value, 'utf8'),
    headers: i % 2 ? { source: 'replay:a' } : ({} as Record<string, string>),
  }));

describe('prepareIngestBatch', () => {
  test('600 records (more than two steps) with two invalid ones prepare the posts and dead letters decodeBatch gives', () => {
    const values = Array.from({ length: 600 }, (_, i) => (i === 7 || i === 555 ? badLine : lineWith(String(1000 + i), `post ${i}`)));
    const batch = records(values);
    const prepared = prepareIngestBatch(batch, 'bus', preparedPostsWriter, undefined, twitterPostDecoders);
    const decoded = decodeBatch(batch, 'bus', undefined, twitterPostDecoders);
    expect(prepared.prepared.posts).toBe(598);
    expect(summariesOf(prepared.prepared)).toEqual(decoded.posts.map(summarize));
    expect(prepared.deadLetters).toEqual(decoded.deadLetters);
    expect(prepared.deadLetters.map((d) => [d.offset, d.source, Buffer.from(d.raw).toString('utf8')])).toEqual([
      ['107', 'replay:a', badLine],
      ['655', 'replay:a', badLine],
    ]);
  });

  test("an id repeated in a later step: the later copy wins, in the first copy's place, as in decodeBatch", () => {
    const values = Array.from({ length: 400 }, (_, i) => lineWith(i === 300 ? '1010' : String(1000 + i), `post ${i}`));
    const batch = records(values);
    const prepared = summariesOf(prepareIngestBatch(batch, 'bus', preparedPostsWriter, undefined, twitterPostDecoders).prepared);
    expect(prepared).toEqual(decodeBatch(batch, 'bus', undefined, twitterPostDecoders).posts.map(summarize));
    expect(prepared).toHaveLength(399);
    expect(prepared[10]).toMatchObject({ id: '1010', text: 'post 300' });
  });

  test("each payload is kept as its record's own text", () => {
    const [summary] = summariesOf(prepareIngestBatch(records([firstLine]), 'bus', preparedPostsWriter, undefined, twitterPostDecoders).prepared);
    expect(summary.payload).toBe(firstLine);
  });
});
