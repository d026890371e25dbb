// Specification of the collector's resume headers: each batch carries its number and the cursor before it, and the resume
// point is the newest batch's cursor, whichever partition holds it (pumpSource with resumeHeaders, resumeOf).

import { expect, test } from 'vitest';
import { pumpSource } from '../../src/ingest/pumpSource.ts';
import { RESUME_HEADERS, resumeOf } from '../../src/ingest/topicResume.ts';
import type { Bus, BusRecord } from '../../src/bus.ts';
import type { Source } from '../../src/source.ts';

const source: Source = {
  name: 'test',
  async *records() {
    for (let i = 1; i <= 5; i++) yield { key: String(i), value: `{"id":"${i}"}`, source: 'test', cursor: `c${i}` };
  },
};

test('each produced batch carries its number and the source cursor before it; the first batch of an unresumed run has none', async () => {
  const produced: BusRecord[][] = [];
  const bus = { produce: async (_t: string, records: readonly BusRecord[]) => void produced.push([...records]) } as unknown as Bus;
  await pumpSource(source, bus, 'posts', { batchSize: 2, resumeHeaders: { firstBatch: 7n } });
  expect(produced.map((batch) => batch.map((r) => r.headers))).toEqual([
    [
      { source: 'test', [RESUME_HEADERS.batch]: '7' },
      { source: 'test', [RESUME_HEADERS.batch]: '7' },
    ],
    [
      { source: 'test', [RESUME_HEADERS.batch]: '8', [RESUME_HEADERS.resume]: 'c2' },
      { source: 'test', [RESUME_HEADERS.batch]: '8', [RESUME_HEADERS.resume]: 'c2' },
    ],
    [{ source: 'test', [RESUME_HEADERS.batch]: '9', [RESUME_HEADERS.resume]: 'c4' }],
  ]);
});

test('the resume point is the newest batch among the partitions’ tails; records without the headers are ignored', () => {
  const last = (batch?: string, resume?: string) => ({
    headers: { ...(batch === undefined ? {} : { [RESUME_HEADERS.batch]: batch }), ...(resume === undefined ? {} : { [RESUME_HEADERS.resume]: resume }) },
  });
  expect(resumeOf([last('8', 'c2'), last('10', 'c9'), last('9', 'c5'), last()])).toEqual({ cursor: 'c9', nextBatch: 11n });
  expect(resumeOf([last('0')])).toEqual({ cursor: null, nextBatch: 1n });
  expect(resumeOf([last(), last('x', 'c1')])).toEqual({ cursor: null, nextBatch: 0n });
  expect(resumeOf([])).toEqual({ cursor: null, nextBatch: 0n });
});

test('the cursor is that of the newest batch of the same source, even behind newer batches of another source on the topic', () => {
  const record = (batch: string, key: string) => ({
    headers: { [RESUME_HEADERS.batch]: batch, [RESUME_HEADERS.resume]: `c${batch}`, [RESUME_HEADERS.sourceKey]: key },
  });
  // Each partition's tail, in any order: source a's newest batch (4) is behind b's 5 and 6.
  const tails = [record('3', 'a'), record('4', 'a'), record('5', 'b'), record('6', 'b'), record('5', 'b')];
  expect(resumeOf(tails, 'a')).toEqual({ cursor: 'c4', nextBatch: 7n });
  expect(resumeOf(tails, 'b')).toEqual({ cursor: 'c6', nextBatch: 7n });
  // No batch of this source in the tails: no cursor (readTopicResume warns), the batch numbers go on.
  expect(resumeOf(tails, 'c')).toEqual({ cursor: null, nextBatch: 7n });
  // A batch of this source with no cursor header (its source's first batch) resumes from the start.
  expect(resumeOf([{ headers: { [RESUME_HEADERS.batch]: '2', [RESUME_HEADERS.sourceKey]: 'a' } }, record('3', 'b')], 'a')).toEqual({
    cursor: null,
    nextBatch: 4n,
  });
});
