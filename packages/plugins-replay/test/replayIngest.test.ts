// The embedded default end to end: replay → in-process bus → ingest consumer → PGlite, no servers.

import { afterAll, beforeAll, expect, test } from 'vitest';
import { InProcessBus, runIngest, datasetPath } from '@skimmer/core';
import type { Store } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import { replaySource } from '../src/index.ts';
import { twitterPostDecoders } from '@skimmer/plugins-twitter';

let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
});
afterAll(async () => {
  await store?.close();
});

test('replaying the v2 recordings twice stores each tweet and the invalid stream line once: the second run resumes the source from the stored cursor', async () => {
  const files = ['streaming_output_with_error.jsonl', 'brexit.jsonl', 'media_tweet.jsonl', 'many_urls.jsonl'].map((f) =>
    datasetPath('twitter-v2-twarc-csv', f),
  );
  const bus = new InProcessBus();
  const first = await runIngest({ decoders: twitterPostDecoders, source: replaySource({ files }), bus, posts: store.posts, partitions: 2 });
  const again = await runIngest({ decoders: twitterPostDecoders, source: replaySource({ files }), bus, posts: store.posts, partitions: 2 });
  expect(first).toEqual({ produced: 110, consumed: 110, insertedPosts: 109, insertedUrls: 24, deadLetters: 1 });
  expect(again).toEqual({ produced: 0, consumed: 0, insertedPosts: 0, insertedUrls: 0, deadLetters: 0 });
  expect(await store.posts.countPosts()).toBe(109);
  const [video] = await store.posts.getPosts(['1558553189766631429']);
  expect(video.mediaUrls).toEqual(['https://pbs.twimg.com/ext_tw_video_thumb/1558552952549277696/pu/img/7VaQu-AvReI8RHkv.jpg']);
});
