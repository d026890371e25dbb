// The real twitter-api-v2 client against a local v2 stream server: rule sync, every Post field, reconnect after a drop, dead letters.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodePosts, InProcessBus, runIngest, datasetPath } from '@skimmer/core';
import type { Store } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import { twitterStreamSource } from '../src/index.ts';
import { startFakeStreamServer } from './fakeStreamServer.ts';
import type { FakeStreamServer } from './fakeStreamServer.ts';
import { twitterPostDecoders } from '../src/twitterDecoders.ts';

const TOKEN = 'test-bearer-token';
const lines = readFileSync(datasetPath('twitter-v2-twarc-csv', 'streaming_output_with_error.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');

let server: FakeStreamServer;
let store: Store;
let stats: Awaited<ReturnType<typeof runIngest>>;

beforeAll(async () => {
  server = await startFakeStreamServer({
    token: TOKEN,
    lines,
    dropAfter: 3,
    initialRules: [
      { id: '1', value: 'brexit', tag: 'stale' },
      { id: '2', value: 'cats' },
    ],
  });
  store = await openStore({ dataDir: 'memory://' });
  const source = twitterStreamSource({
    bearerToken: TOKEN,
    rules: [{ value: 'cats' }, { value: 'dogs has:media', tag: 'pets' }],
    apiBaseUrl: server.base,
    reconnectDelayMs: () => 50,
  });
  const stop = new AbortController();
  const run = runIngest({ decoders: twitterPostDecoders, source, bus: new InProcessBus(), posts: store.posts, signal: stop.signal });
  const deadline = Date.now() + 15_000;
  while ((await store.posts.countPosts()) < 7 || (await store.posts.listDeadLetters()).length < 1) {
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  stop.abort();
  stats = await run;
});

afterAll(async () => {
  await store?.close();
  await server?.close();
});

describe('twitterStreamSource on a v2 stream server', () => {
  test('stream rules are synced: the stale rule deleted, the missing one added, the kept one left with its id', () => {
    expect(server.rules.map((r) => [r.id, r.value, r.tag ?? null])).toEqual([
      ['2', 'cats', null],
      ['1000', 'dogs has:media', 'pets'],
    ]);
  });

  test('the stream asks for the tweet fields, expansions and media fields the Post needs', () => {
    const query = server.streamQueries[0];
    expect(query.get('tweet.fields')?.split(',')).toEqual(
      expect.arrayContaining(['created_at', 'lang', 'source', 'author_id', 'entities', 'attachments', 'referenced_tweets', 'note_tweet']),
    );
    expect(query.get('expansions')?.split(',')).toEqual(expect.arrayContaining(['attachments.media_keys', 'referenced_tweets.id']));
    expect(query.get('media.fields')?.split(',')).toEqual(expect.arrayContaining(['url', 'preview_image_url']));
  });

  test('after an operational disconnect and a dropped connection the client reconnects and the seven valid lines are stored', async () => {
    expect(server.streamQueries).toHaveLength(2);
    expect(await store.posts.countPosts()).toBe(7);
    expect(stats).toMatchObject({ insertedPosts: 7, deadLetters: 1 });
  });

  test('a streamed post carries every field of the recorded line: created_at, text, client, lang, author, URLs, media, referenced tweets', async () => {
    const [post] = await store.posts.getPosts(['1377650090978992134']);
    const [recorded] = decodePosts(lines[0], 'twitter-v2', 'line 1', undefined, twitterPostDecoders);
    expect({ ...post, payload: undefined }).toEqual({ ...recorded, payload: undefined });
    expect([post.client, post.mediaUrls, post.referencedTweets]).toEqual([
      'Twitter for Android',
      ['https://pbs.twimg.com/media/Ex5ldKwXEAEnEnI.jpg'],
      [{ type: 'quoted', id: '1377640162566496258' }],
    ]);
  });

  test('the invalid last line goes to dead_letters byte for byte while the stream goes on', async () => {
    const [letter] = await store.posts.listDeadLetters();
    expect(new TextDecoder().decode(letter.raw)).toBe(lines[lines.length - 1]);
    expect(await store.posts.listDeadLetters()).toHaveLength(1);
    expect(letter.source).toBe('twitter-v2');
  });

  test('no request went out without the bearer token', () => {
    expect(server.unauthorized).toBe(0);
  });
});
