// Specification of the in-process bus and the ingest engine on it (with an in-memory target in place of the store).

import { describe, expect, test } from 'vitest';
import { InProcessBus, ingestBatchHandler, keyPartition, runIngest } from '@skimmer/core';
import type { ConsumedBatch, IngestBatch, OffsetPosition, Source } from '@skimmer/core';
import { twitterPostDecoders } from '@skimmer/plugins-twitter';

const line = (id: string): string =>
  JSON.stringify({
    data: {
      id,
      text: `post ${id} https://t.co/x`,
      created_at: '2021-04-01T15:52:31.000Z',
      entities: { urls: [{ url: 'https://t.co/x', expanded_url: `https://example.org/${id}` }] },
    },
  });

/** An in-memory stand-in for `store.posts`: keeps ids, the furthest offsets and the source cursors stored. */
function memoryTarget() {
  const ids = new Set<string>();
  const deadLetters: string[] = [];
  const offsets = new Map<string, number>();
  const cursors: string[] = [];
  return {
    ids,
    deadLetters,
    cursors,
    async readSourceCursor(): Promise<string | null> {
      return cursors.at(-1) ?? null;
    },
    async ingestBatch(batch: IngestBatch) {
      const before = ids.size;
      for (const p of batch.posts) ids.add(p.id);
      for (const d of batch.deadLetters ?? []) deadLetters.push(d.error);
      for (const o of batch.offsets ?? [])
        offsets.set(`${o.topic}/${o.partition}`, Math.max(offsets.get(`${o.topic}/${o.partition}`) ?? 0, Number(o.offset) + 1));
      if (batch.sourceCursor) cursors.push(batch.sourceCursor.cursor);
      return { insertedPosts: ids.size - before, insertedUrls: 0, deadLetters: batch.deadLetters?.length ?? 0 };
    },
    async readOffsets(_group: string, topic: string): Promise<OffsetPosition[]> {
      return [...offsets].filter(([k]) => k.startsWith(`${topic}/`)).map(([k, v]) => ({ partition: Number(k.split('/')[1]), nextOffset: String(v) }));
    },
  };
}

/** A source of `values` whose cursor is the 1-based line number; `cursors` records each read's starting cursor. */
function listSource(values: string[], cursors: Array<string | null | undefined> = []): Source {
  return {
    name: 'list',
    async *records(options) {
      cursors.push(options?.cursor);
      for (const [i, value] of values.entries()) if (i + 1 > Number(options?.cursor ?? 0)) yield { key: null, value, source: 'test', cursor: String(i + 1) };
    },
  };
}

describe('InProcessBus', () => {
  test('the same key always lands on the same partition', () => {
    expect(keyPartition('1377650090978992134', 4)).toBe(keyPartition('1377650090978992134', 4));
  });

  test('a batch whose handler throws is delivered again to the next member of the group', async () => {
    const bus = new InProcessBus();
    await bus.ensureTopic('t', 1);
    await bus.produce('t', [{ key: 'a', value: 'x' }]);
    const first = await bus.consume({ topic: 't', group: 'g' }, async () => {
      throw new Error('store down');
    });
    await expect(first.done).rejects.toThrow('store down');
    const seen: string[] = [];
    const second = await bus.consume({ topic: 't', group: 'g' }, async (b: ConsumedBatch) => {
      seen.push(...b.records.map((r) => r.offset));
    });
    await new Promise((r) => setTimeout(r, 20));
    await second.stop();
    expect(seen).toEqual(['0']);
  });

  test('endOffsets counts the records of each partition', async () => {
    const bus = new InProcessBus();
    await bus.ensureTopic('t', 2);
    await bus.produce('t', [
      { key: null, value: 'a' },
      { key: null, value: 'b' },
      { key: null, value: 'c' },
    ]);
    expect(await bus.endOffsets('t')).toEqual([
      { partition: 0, nextOffset: '2' },
      { partition: 1, nextOffset: '1' },
    ]);
  });
});

describe('runIngest on the in-process bus', () => {
  test('stores every post once, dead-letters the bad record and stops when the store has caught up', async () => {
    const target = memoryTarget();
    const stats = await runIngest({
      decoders: twitterPostDecoders,
      source: listSource([line('1'), line('2'), line('1'), '{"data": broken']),
      bus: new InProcessBus(),
      posts: target,
      partitions: 2,
    });
    expect(stats).toEqual({ produced: 4, consumed: 4, insertedPosts: 2, insertedUrls: 0, deadLetters: 1 });
    expect([...target.ids].sort()).toEqual(['1', '2']);
  });

  test('stores the source cursor with the rows, not the bus offsets, and a second run resumes the source from it', async () => {
    const target = memoryTarget();
    const reads: Array<string | null | undefined> = [];
    const lines = [line('1'), line('2'), line('3'), line('4'), line('5')];
    const first = await runIngest({
      decoders: twitterPostDecoders,
      source: listSource(lines.slice(0, 3), reads),
      bus: new InProcessBus(),
      posts: target,
      partitions: 2,
      batchSize: 1,
    });
    expect(first).toMatchObject({ produced: 3, consumed: 3, insertedPosts: 3 });
    expect(target.cursors.at(-1)).toBe('3');
    expect(await target.readOffsets('skimmer-ingest', 'posts')).toEqual([]);
    const again = await runIngest({
      decoders: twitterPostDecoders,
      source: listSource(lines, reads),
      bus: new InProcessBus(),
      posts: target,
      partitions: 2,
      batchSize: 1,
    });
    expect(again).toMatchObject({ produced: 2, consumed: 2, insertedPosts: 2 });
    expect(reads).toEqual([null, '3']);
    expect([...target.ids].sort()).toEqual(['1', '2', '3', '4', '5']);
    expect(target.cursors.at(-1)).toBe('5');
  });

  test('a store write that fails is retried, and the batch is stored once', async () => {
    const target = memoryTarget();
    let failures = 1;
    const flaky = {
      ...target,
      ingestBatch: async (b: IngestBatch) => (failures-- > 0 ? Promise.reject(new Error('connection reset')) : target.ingestBatch(b)),
    };
    const handler = ingestBatchHandler({ decoders: twitterPostDecoders, target: flaky, group: 'g', retryDelayMs: 1 });
    await handler({
      topic: 't',
      partition: 0,
      lastOffset: '0',
      heartbeat: async () => {},
      records: [{ topic: 't', partition: 0, offset: '0', key: null, value: new TextEncoder().encode(line('9')), headers: {} }],
    });
    expect([...target.ids]).toEqual(['9']);
  });
});
