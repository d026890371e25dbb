// Benchmark: posts ingested per second by PostRepository.ingestBatch (unnest bulk upsert) against single-row INSERTs, per backend.
// Run: npm run bench:store. Prints one JSON object on its last line.

import { mkdtemp, chmod, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Post, Store } from '@skimmer/core';
import { openStore } from '../src/openStore.ts';
import { pgJson, textArrayLiteral } from '../src/sqlValues.ts';
import { twitterV2Posts } from '../test/twitterFixtures.ts';
import { testDatabaseUrl } from '../../../test-support/testServices.ts';

const N = Number(process.env.BENCH_POSTS ?? 20_000);
const BASELINE_N = Math.min(N, 2_000);

/** N posts cycling through the 200 real tweets of 2sets.jsonl, each with a fresh id. */
function makePosts(n: number): Post[] {
  const real = twitterV2Posts('2sets.jsonl');
  return Array.from({ length: n }, (_, i) => ({ ...real[i % real.length], id: `${real[i % real.length].id}-${i}` }));
}

const SINGLE_ROW = `INSERT INTO raw_posts (id, created_at, text, source, client, expanded_urls, media_urls, lang, author_id, referenced_tweets, payload)
  VALUES ($1, $2, $3, $4, $5, $6::text[], $7::text[], $8, $9, $10::jsonb, $11::jsonb) ON CONFLICT (id) DO NOTHING`;

async function rate(rows: number, work: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await work();
  return Math.round(rows / ((performance.now() - t) / 1000));
}

async function measure(store: Store, posts: Post[]): Promise<Record<string, number>> {
  const baseline = posts.slice(0, BASELINE_N).map((p) => ({ ...p, id: `baseline-${p.id}` }));
  const singleRowPerS = await rate(baseline.length, () =>
    store.sql.transaction(async (tx) => {
      for (const p of baseline) {
        await tx.query(SINGLE_ROW, [
          p.id,
          p.createdAt,
          p.text,
          p.source,
          p.client,
          textArrayLiteral(p.expandedUrls),
          textArrayLiteral(p.mediaUrls),
          p.lang,
          p.authorId,
          pgJson(p.referencedTweets ?? null),
          pgJson(p.payload),
        ]);
      }
    }),
  );
  const ingestPerS = await rate(posts.length, () => store.posts.ingestBatch({ posts }));
  const replayPerS = await rate(posts.length, () => store.posts.ingestBatch({ posts }));
  const streamPerS = await rate(posts.length + baseline.length, async () => {
    for await (const _ of store.posts.streamPosts({ batchSize: 1000 })) void _;
  });
  return { singleRowPerS, ingestPerS, replayPerS, streamPerS, speedup: Number((ingestPerS / singleRowPerS).toFixed(1)) };
}

async function main(): Promise<void> {
  const posts = makePosts(N);
  const results: Record<string, Record<string, number>> = {};
  const dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-bench-'));
  await chmod(dir, 0o755);
  const backends: Array<[string, () => Promise<Store>]> = [
    ['pglite', () => openStore({ dataDir: 'memory://' })],
    ['embedded', () => openStore({ kind: 'embedded', dataDir: path.join(dir, 'pg') })],
  ];
  try {
    backends.push(['server', () => openStore({ url: testDatabaseUrl() })]);
  } catch {
    console.error('no TEST_DATABASE_URL: skipping the server backend (run scripts/services/start-postgres.sh)');
  }
  try {
    for (const [name, open] of backends) {
      const store = await open();
      try {
        await store.sql.query('TRUNCATE raw_posts, post_urls CASCADE');
        results[name] = await measure(store, posts);
        await store.sql.query('TRUNCATE raw_posts, post_urls CASCADE');
        console.error(name, results[name]);
      } finally {
        await store.close();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ bench: 'store-ingest', posts: N, baselinePosts: BASELINE_N, ...results }));
}

await main();
