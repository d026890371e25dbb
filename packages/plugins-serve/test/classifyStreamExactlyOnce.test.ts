// The embedded default end to end: replay of 3,000 ChatGPT tweets → in-process bus → ingest → classify-stream → embedded Postgres, with a consumer kill.

import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessBus, runClassifyStream, runIngest, datasetPath, type PredictionTarget, type Store } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import { replaySource } from '@skimmer/plugins-replay';
import { SERVING_FACTORIES, loadModel, type LoadedModel } from '../src/index.ts';
import { trainAndSaveModel } from './trainedModel.ts';

/** 3,000 tweets of an rtweet search for "ChatGPT" (exact ids; 1,276 links). */
const GPT_CSV = datasetPath('ai-tweets', 'chatgpt-rtweet-albertomcd/GPT.csv');

/** Writes through to the store, then dies on the `killAt`-th batch after its transaction committed (before the bus acknowledged it). */
function dyingAfterCommit(target: PredictionTarget, killAt: number): PredictionTarget & { written: number } {
  let calls = 0;
  const wrapper = {
    written: 0,
    async saveBatch(batch: Parameters<PredictionTarget['saveBatch']>[0]) {
      const result = await target.saveBatch(batch);
      wrapper.written += result.predictions;
      if (++calls === killAt) throw new Error('consumer killed after commit');
      return result;
    },
  };
  return wrapper;
}

describe('classify-stream on the embedded default', () => {
  let dir: string;
  let store: Store;
  let model: LoadedModel;
  let stored: number;
  let firstRun: { written: number; error: unknown };
  let secondRun: Awaited<ReturnType<typeof runClassifyStream>>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-classify-stream-'));
    await chmod(dir, 0o755); // as root the server runs as `postgres`, which must reach the data dir
    store = await openStore({ kind: 'embedded', dataDir: path.join(dir, 'pg') });
    const trained = await trainAndSaveModel();
    model = await loadModel({ dir: trained.dir }, { factories: SERVING_FACTORIES });
    const bus = new InProcessBus();
    await runIngest({ source: replaySource({ files: [GPT_CSV], columns: { created_at: 'created' } }), bus, posts: store.posts });
    stored = await store.posts.countPosts();
    const options = {
      bus,
      readOffsets: (g: string, t: string) => store.posts.readOffsets(g, t),
      model: () => model,
      relevant: 1,
      batchSize: 200,
      untilCaughtUp: true,
      retries: 0,
    };
    const dying = dyingAfterCommit(store.predictions, 3);
    const error = await runClassifyStream({ ...options, predictions: dying }).then(
      () => undefined,
      (err: unknown) => err,
    );
    firstRun = { written: dying.written, error };
    secondRun = await runClassifyStream({ ...options, predictions: store.predictions });
  });
  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('ingests the replayed AI tweets', () => {
    expect(stored).toBe(3000);
  });

  it('stops the first consumer at the kill, after three batches of 200 were stored', () => {
    expect((firstRun.error as Error).message).toBe('consumer killed after commit');
    expect(firstRun.written).toBe(600);
  });

  it('resumes from the stored offsets: no post is classified twice across the kill', () => {
    expect(firstRun.written + secondRun.predictions).toBe(stored);
  });

  it('leaves exactly one prediction per post', async () => {
    const { rows } = await store.sql.query<{ posts: number; predictions: number; not_one: number }>(
      `SELECT (SELECT count(*)::int FROM raw_posts) AS posts, (SELECT count(*)::int FROM predictions WHERE model_id = $1) AS predictions,
              (SELECT count(*)::int FROM raw_posts r WHERE (SELECT count(*) FROM predictions p WHERE p.post_id = r.id) <> 1) AS not_one`,
      [model.id],
    );
    expect(rows[0]).toEqual({ posts: stored, predictions: stored, not_one: 0 });
  });

  it("labels every shared link with its post's predicted label", async () => {
    const { rows } = await store.sql.query<{ urls: number; mismatched: number }>(
      `SELECT count(*)::int AS urls, count(*) FILTER (WHERE u.label IS DISTINCT FROM p.label)::int AS mismatched
       FROM post_urls u LEFT JOIN predictions p ON p.post_id = u.post_id AND p.model_id = $1`,
      [model.id],
    );
    // 1,191 links: the 85 retweet fragments cut off with … (`https://t.co/W…`) are no links (rowPost.ts isWholeUrl)
    expect(rows[0].urls).toBe(1191);
    expect(rows[0].mismatched).toBe(0);
  });
});
