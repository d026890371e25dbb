// Specification of ingest on the in-process bus resuming a live source from the cursor stored with the posts (issues 15-17).

import { afterAll, beforeAll, expect, test } from 'vitest';
import { InProcessBus, runIngest } from '@skimmer/core';
import type { IngestStats, Source, SourceReadOptions, Store } from '@skimmer/core';
import { openStore } from '../src/openStore.ts';

let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
});
afterAll(async () => {
  await store?.close();
});

const tweet = (id: string): string => JSON.stringify({ id, text: `live post ${id}`, created_at: '2026-12-06T12:00:00.000Z' });

/**
 * A live-like source: the posts published so far after the cursor (a post's cursor is its id), then nothing until the
 * reader stops, as a stream that never ends. `reads` records the cursor each read started from.
 */
function liveSource(published: readonly string[], reads: Array<string | null | undefined>): Source {
  return {
    name: 'live',
    async *records(options: SourceReadOptions = {}) {
      reads.push(options.cursor);
      for (const id of published) if (BigInt(id) > BigInt(options.cursor ?? '0')) yield { key: id, value: tweet(id), source: 'live', cursor: id };
      const signal = options.signal;
      if (signal && !signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    },
  };
}

/** One process's run: a fresh in-process bus, stopped (as ingest's --duration would) once `expected` records are stored. */
async function runUntilStored(source: Source, expected: number): Promise<IngestStats> {
  const stop = new AbortController();
  return runIngest({
    source,
    bus: new InProcessBus(),
    posts: store.posts,
    group: 'skimmer-ingest@live',
    batchSize: 2,
    signal: stop.signal,
    onProgress: (p) => {
      if (p.consumed >= expected) stop.abort();
    },
  });
}

test('a live source run twice into one store stores every record once, and the second run resumes from the stored cursor', async () => {
  const reads: Array<string | null | undefined> = [];
  const first = await runUntilStored(liveSource(['101', '102', '103'], reads), 3);
  expect(first).toMatchObject({ produced: 3, consumed: 3, insertedPosts: 3, deadLetters: 0 });
  expect(await store.posts.readSourceCursor('skimmer-ingest@live', 'posts')).toBe('103');

  // Posts 104 and 105 were published while ingest was down; the new process's bus starts again at offset 0.
  const again = await runUntilStored(liveSource(['101', '102', '103', '104', '105'], reads), 2);
  expect(reads).toEqual([null, '103']);
  expect(again).toMatchObject({ produced: 2, consumed: 2, insertedPosts: 2, deadLetters: 0 });
  expect((await store.posts.getPosts(['101', '102', '103', '104', '105'])).map((p) => p.id)).toEqual(['101', '102', '103', '104', '105']);
  expect(await store.posts.countPosts()).toBe(5);
  expect(await store.posts.readSourceCursor('skimmer-ingest@live', 'posts')).toBe('105');
  // The bus's offsets belong to one process: none are stored for the group.
  expect(await store.posts.readOffsets('skimmer-ingest@live', 'posts')).toEqual([]);
});
