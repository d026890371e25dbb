// The real ingest path in-process: Jetstream source (against the replay server) → InProcessBus → ingest consumer → PGlite.

import { afterAll, beforeAll, expect, test } from 'vitest';
import { InProcessBus, runIngest } from '@skimmer/core';
import type { Source, SourceReadOptions, SourceRecord, Store } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import { blueskySourceOptions, jetstreamSource } from '../src/index.ts';
import { fixtureFrames, startJetstreamReplayServer } from './jetstreamReplayServer.ts';
import type { JetstreamReplayServer } from './jetstreamReplayServer.ts';

let store: Store;
let server: JetstreamReplayServer;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
  server = await startJetstreamReplayServer({ frames: fixtureFrames(), dropAfter: [25] });
});
afterAll(async () => {
  await store?.close();
  await server?.close();
});

/** The live source cut after `n` records, so the run ends once the store has caught up (a live stream never ends). */
function firstRecords(source: Source, n: number): Source {
  return {
    name: source.name,
    async *records(read?: SourceReadOptions): AsyncGenerator<SourceRecord> {
      let count = 0;
      for await (const record of source.records(read)) {
        yield record;
        if (++count >= n) return;
      }
    },
  };
}

test('kept posts are stored as Posts with their links; unreadable frames are dead letters; the stream goes on past them and a dropped connection', async () => {
  const options = blueskySourceOptions.parse({
    type: 'bluesky',
    endpoint: server.endpoint,
    keywords: ['AI', 'LLM', 'machine learning', 'data science', 'deep learning', 'neural network', 'ChatGPT', 'GPT'],
    languages: ['en'],
    reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
  });
  const source = jetstreamSource(options);
  const stats = await runIngest({ source: firstRecords(source, 16), bus: new InProcessBus(), posts: store.posts, decodeWorkers: 0 });
  await source.close();
  expect(stats).toEqual({ produced: 16, consumed: 16, insertedPosts: 11, insertedUrls: 3, deadLetters: 5 });
  expect(server.connections.length).toBe(2);
  expect(await store.posts.countPosts()).toBe(11);

  const [links, reply] = await store.posts.getPosts([
    'at://did:plc:q4m2w7zrk5hbx3ncp6yts9ef/app.bsky.feed.post/3mmpa2mb3ak2b',
    'at://did:plc:m8k3v2qz7trn4wx6pc5bsl2d/app.bsky.feed.post/3mmpa2nxq4k2d',
  ]);
  expect(links).toMatchObject({
    id: 'at://did:plc:q4m2w7zrk5hbx3ncp6yts9ef/app.bsky.feed.post/3mmpa2mb3ak2b',
    createdAt: '2026-05-25T14:30:01.500Z',
    text: 'A gentle intro to pandas for data science: realpython.com/pandas-pyth...',
    source: 'bluesky-jetstream',
    lang: 'en',
    authorId: 'did:plc:q4m2w7zrk5hbx3ncp6yts9ef',
    expandedUrls: ['https://realpython.com/pandas-python-explore-dataset/'],
    mediaUrls: [],
  });
  expect(links.payload).toMatchObject({ links: [{ url: 'https://realpython.com/pandas-python-explore-dataset/', domain: 'realpython.com', from: 'facet' }] });
  expect(reply.payload).toMatchObject({ reply: { parent: 'at://did:plc:a7xq3k2mzr4vtn6wlp5sd2hc/app.bsky.feed.post/3mmpa2lq7xk2a' } });

  const dead = await store.posts.listDeadLetters();
  expect(dead.map((d) => d.source)).toEqual(Array(5).fill('bluesky-jetstream'));
  expect(dead.map((d) => d.error.replace(/^record posts\/0\/\d+: /, ''))).toEqual([
    expect.stringMatching(/^value is not valid JSON/),
    'an API error message, not a post: [{"title":"invalid Jetstream frame","detail":"commit.record.text: expected a string"}]',
    'an API error message, not a post: [{"title":"invalid Jetstream frame","detail":"commit.record.createdAt: expected an RFC 3339 date-time, got \\"yesterday\\""}]',
    'an API error message, not a post: [{"title":"invalid Jetstream frame","detail":"expected a JSON object"}]',
    'an API error message, not a post: [{"title":"invalid Jetstream frame","detail":"time_us: expected a positive integer (microseconds)"}]',
  ]);
  expect(new TextDecoder().decode(dead[0].raw)).toBe(fixtureFrames()[32]);
});
