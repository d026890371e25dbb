// Specification of the Jetstream source: the real client against a local server replaying recorded frames.

import { afterEach, describe, expect, test } from 'vitest';
import { SkimmerError } from '@skimmer/core';
import type { SourceRecord } from '@skimmer/core';
import { blueskySourceOptions, jetstreamSource } from '../src/index.ts';
import type { BlueskySourceInput, JetstreamSource } from '../src/index.ts';
import { fixtureFrames, frameTimeUs, startJetstreamReplayServer } from './jetstreamReplayServer.ts';
import type { JetstreamReplayServer, ReplayServerOptions } from './jetstreamReplayServer.ts';

const frames = fixtureFrames();
const AI_KEYWORDS = ['AI', 'LLM', 'machine learning', 'data science', 'deep learning', 'neural network', 'ChatGPT', 'GPT'];
const post = (did: string, rkey: string): string => `at://did:plc:${did}/app.bsky.feed.post/${rkey}`;

/** The English AI / data-science posts of the fixture, in stream order (the Allen Iverson one is keyword tracking's false positive). */
const KEPT_EN = [
  post('a7xq3k2mzr4vtn6wlp5sd2hc', '3mmpa2lq7xk2a'),
  post('q4m2w7zrk5hbx3ncp6yts9ef', '3mmpa2mb3ak2b'),
  post('z2c6ybm4kq7rx5tn3wvh8ldp', '3mmpa2n4dsc2c'),
  post('m8k3v2qz7trn4wx6pc5bsl2d', '3mmpa2nxq4k2d'),
  post('h5t2nw8qk3zr6vx4mc7pbl9s', '3mmpa2ofz2s2e'),
  post('c3v8qk2mz5xt7rn4wh6pbl3f', '3mmpa2p2hkk2f'),
  post('v7k3qz2mx8wt4rn6hc5pbl7n', '3mmpa2raqhk2j'),
  post('j6q3zk8mx5wt2rv7hc4pbl9s', '3mmpa2t3pak2n'),
  post('r2x7qk4mz9wt5rn3hc8pbl6t', '3mmpa2tkd4s2o'),
  post('l4x8qk3mz6wt2rn9hc7pbl4y', '3mmpa2xzvws2v'),
  post('y3q9zk2mx6wt4rv8hc7pbl3c', '3mmpa2zrwpk2z'),
];

let server: JetstreamReplayServer | undefined;
let source: JetstreamSource | undefined;
afterEach(async () => {
  await source?.close();
  await server?.close();
  source = server = undefined;
});

async function start(serverOptions: Partial<ReplayServerOptions>, sourceOptions: Omit<BlueskySourceInput, 'type' | 'endpoint'> = {}): Promise<JetstreamSource> {
  server = await startJetstreamReplayServer({ frames, ...serverOptions });
  const options = blueskySourceOptions.parse({
    type: 'bluesky',
    endpoint: server.endpoint,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    ...sourceOptions,
  });
  source = jetstreamSource(options, { random: () => 0 });
  return source;
}

/** The first `n` records of `source` (the iteration is then returned, which closes its connection). */
async function take(from: AsyncIterable<SourceRecord>, n: number): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  if (n === 0) return out;
  for await (const record of from) if (out.push(record) >= n) break;
  return out;
}

const keyed = (records: SourceRecord[]): Array<string | null> => records.filter((r) => r.key !== null).map((r) => r.key);

describe('jetstreamSource against a replaying server', () => {
  test('asks for posts only and emits the kept posts as rows keyed by at:// URI, cursor = time_us, then the invalid frames as they are', async () => {
    const s = await start({}, { keywords: AI_KEYWORDS, languages: ['en'] });
    const records = await take(s.records(), KEPT_EN.length + 5);
    expect(server!.connections.map((q) => Object.fromEntries(q))).toEqual([{ wantedCollections: 'app.bsky.feed.post' }]);
    expect(keyed(records)).toEqual(KEPT_EN);
    const first = records[0];
    expect(first).toMatchObject({ source: 'bluesky-jetstream', cursor: '1779720000137211' });
    expect(JSON.parse(first.value as string)).toMatchObject({ id: KEPT_EN[0], expanded_urls: 'https://arxiv.org/abs/2501.01234', lang: 'en' });
    const invalid = records.filter((r) => r.key === null);
    expect(invalid.map((r) => r.cursor)).toEqual(['1779720003018642', '1779720003293064', '1779720003567486', '1779720003567486', '1779720003567486']);
    // The truncated frame has no time_us of its own: it carries the cursor of the frame before it.
    expect(invalid[0].value).toBe(frames[32]);
    expect(JSON.parse(invalid[1].value as string)).toEqual({
      errors: [{ title: 'invalid Jetstream frame', detail: 'commit.record.text: expected a string' }],
      frame: JSON.parse(frames[33]),
    });
    expect(s.stats).toEqual({
      frames: 40,
      posts: 11,
      filtered: 8,
      repeated: 0,
      skipped: { delete: 1, update: 1, 'other-collection': 9, identity: 2, account: 2, 'other-kind': 0, 'empty-text': 1 },
      invalid: 5,
      connections: 1,
    });
  });

  test('without filters every readable post passes, whatever its language; a regex filter keeps only its matches', async () => {
    const all = await start({});
    expect(keyed(await take(all.records(), 19 + 5)).length).toBe(19);
    await all.close();
    await server!.close();
    const byRegex = await start({}, { regex: ['scikit-learn', { pattern: '\\bGPT-\\d+\\b', flags: '' }] });
    expect(keyed(await take(byRegex.records(), 2 + 5))).toEqual([
      post('r2x7qk4mz9wt5rn3hc8pbl6t', '3mmpa2tkd4s2o'),
      post('u6x2qk8mz3wt7rn5hc4pbl9b', '3mmpa2zbmfk2y'),
    ]);
  });

  test('a dropped connection is reopened with ?cursor= of the last frame read; the inclusive replay is not emitted twice', async () => {
    const s = await start({ dropAfter: [20] }, { keywords: AI_KEYWORDS, languages: ['en'] });
    const records = await take(s.records(), KEPT_EN.length + 5);
    expect(keyed(records)).toEqual(KEPT_EN);
    expect(server!.connections.map((q) => q.get('cursor'))).toEqual([null, String(frameTimeUs(frames[19]))]);
    expect(s.stats).toMatchObject({ connections: 2, frames: 41, posts: 11 });
  });

  test('records({ cursor }) resumes a stored cursor: it connects with it and emits from that frame on (inclusive, as Jetstream replays)', async () => {
    const s = await start({}, { keywords: AI_KEYWORDS, languages: ['en'] });
    const records = await take(s.records({ cursor: String(frameTimeUs(frames[24])) }), 3 + 5);
    expect(server!.connections[0].get('cursor')).toBe('1779720002058165');
    expect(keyed(records)).toEqual(KEPT_EN.slice(8));
    await expect(take(s.records({ cursor: 'posts/0/17' }), 1)).rejects.toThrow(
      `cursor: a bluesky cursor is Jetstream's time_us (unix microseconds), got "posts/0/17"`,
    );
  });

  test('close() ends an iteration that waits for frames and closes its connection', async () => {
    const s = await start({});
    const iteration = take(s.records(), 1000);
    await expect.poll(() => s.stats.frames).toBe(40);
    await s.close();
    expect((await iteration).length).toBe(19 + 5);
    await expect.poll(() => server!.openConnections()).toBe(0);
  });

  test('an idle connection is dropped and reopened; consecutive failed connections give up with a typed error', async () => {
    const idle = await start({ frames: [] }, { idleTimeoutMs: 150 });
    void take(idle.records(), 1);
    await expect.poll(() => server!.connections.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    await idle.close();
    const endpoint = server!.endpoint;
    await server!.close();
    server = undefined;
    source = jetstreamSource(blueskySourceOptions.parse({ type: 'bluesky', endpoint, reconnect: { initialDelayMs: 5, maxDelayMs: 10, maxAttempts: 3 } }));
    const failure = await take(source.records(), 1).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(SkimmerError);
    expect(failure).toMatchObject({
      code: 'SOURCE_FAILED',
      message: expect.stringMatching(/^bluesky: 3 connections to ws:\/\/127\.0\.0\.1:\d+\/subscribe in a row failed/),
    });
    expect(source.stats.connections).toBe(3);
  });
});
