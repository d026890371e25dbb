// The Postgres post preparer: posts prepared as binary COPY rows (as decode workers make them) are stored exactly as the
// same Posts are, on a PostgreSQL server; a store without COPY (PGlite) has no preparer and refuses prepared rows.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { DataError, decodePosts, datasetPath } from '@skimmer/core';
import type { Post, PreparedPosts, Store } from '@skimmer/core';
import { openStore } from '../src/openStore.ts';
import { POSTGRES_COPY_FORMAT, postgresPostPreparer, preparedPostsWriter } from '../src/postPreparer.ts';
import { testDatabaseUrl, withSearchPath } from '../../../test-support/testServices.ts';
import { twitterPostDecoders } from '@skimmer/plugins-twitter';

/** `posts` through a fresh writer, as a decode worker prepares them. */
function prepare(posts: readonly Post[]): PreparedPosts {
  const rows = preparedPostsWriter();
  for (const post of posts) rows.add(post);
  return rows.finish().prepared;
}

/** Every post of the shared v2 files, as the ingest consumer decodes their lines (payloads kept as their bytes or objects). */
function decodedPosts(files: readonly string[]): Post[] {
  const byId = new Map<string, Post>();
  for (const file of files) {
    const lines = readFileSync(datasetPath('twitter-v2-twarc-csv', file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    for (const [i, line] of lines.entries())
      for (const post of decodePosts(Buffer.from(line, 'utf8'), `replay:${file}`, `${file}/${i}`, undefined, twitterPostDecoders)) byId.set(post.id, post);
  }
  return [...byId.values()];
}

const posts = decodedPosts(['many_urls.jsonl', 'media_tweet.jsonl', 'quoted_edit.jsonl', 'entities_test.jsonl', 'two_tweets.jsonl']);
const POST_ROWS = `SELECT id, created_at, text, source, client, expanded_urls, media_urls, lang, author_id, referenced_tweets, payload FROM raw_posts ORDER BY id`;
const URL_ROWS = 'SELECT post_id, url, expanded_url, domain FROM post_urls ORDER BY post_id, expanded_url';

describe('prepared posts on a PostgreSQL server', () => {
  const url = testDatabaseUrl();
  const schemas = { posts: `prep_posts_${process.pid}_${Date.now()}`, prepared: `prep_rows_${process.pid}_${Date.now()}` };
  const stores: Partial<Record<keyof typeof schemas, Store>> = {};

  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };

  beforeAll(async () => {
    for (const [name, schema] of Object.entries(schemas) as Array<[keyof typeof schemas, string]>) {
      await admin(`CREATE SCHEMA ${schema}`);
      stores[name] = await openStore({ url: withSearchPath(url, schema), maxConnections: 2 });
    }
  });
  afterAll(async () => {
    for (const [name, schema] of Object.entries(schemas) as Array<[keyof typeof schemas, string]>) {
      await stores[name]?.close();
      await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  });

  test('the store names its preparer: this module, in the binary COPY format', async () => {
    expect(await stores.prepared!.posts.postPreparer?.()).toEqual(postgresPostPreparer);
    expect(postgresPostPreparer).toEqual({ module: new URL('../src/postPreparer.ts', import.meta.url).href, format: POSTGRES_COPY_FORMAT });
  });

  test('real v2 posts stored from prepared rows give the same raw_posts and post_urls rows as the Posts themselves', async () => {
    expect(posts.length).toBeGreaterThan(20);
    const fromPosts = await stores.posts!.posts.ingestBatch({ posts });
    const fromRows = await stores.prepared!.posts.ingestBatch({
      posts: [],
      prepared: prepare(posts),
      offsets: [{ consumerGroup: 'g', topic: 't', partition: 0, offset: '9' }],
    });
    expect(fromRows).toEqual(fromPosts);
    expect(fromRows.insertedPosts).toBe(posts.length);
    for (const sql of [POST_ROWS, URL_ROWS]) {
      expect((await stores.prepared!.sql.query(sql)).rows).toEqual((await stores.posts!.sql.query(sql)).rows);
    }
    expect(await stores.prepared!.posts.readOffsets('g', 't')).toEqual([{ partition: 0, nextOffset: '10' }]);
  });

  test('prepared rows delivered again add nothing; mixed with a new post they add only that post', async () => {
    expect(await stores.prepared!.posts.ingestBatch({ posts: [], prepared: prepare(posts) })).toEqual({ insertedPosts: 0, insertedUrls: 0, deadLetters: 0 });
    const fresh: Post = { ...posts[0], id: '1', expandedUrls: ['https://example.org/new'], payload: null };
    expect(await stores.prepared!.posts.ingestBatch({ posts: [], prepared: prepare([posts[1], fresh]) })).toEqual({
      insertedPosts: 1,
      insertedUrls: 1,
      deadLetters: 0,
    });
  });

  test('the writer checks each post as it is added: a bad createdAt names the post and the field', () => {
    const rows = preparedPostsWriter();
    const error = (() => {
      try {
        rows.add({ ...posts[0], createdAt: 'soon' });
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({
      message: `post ${posts[0].id}: createdAt "soon" is not an ISO-8601 time`,
      context: { record: posts[0].id, field: 'createdAt' },
    });
  });

  test('a batch with both Posts and prepared rows, or rows in another format, is refused with a DataError', async () => {
    const store = stores.prepared!;
    await expect(store.posts.ingestBatch({ posts: [posts[0]], prepared: prepare([]) })).rejects.toMatchObject({
      name: 'DataError',
      message: 'an ingest batch carries posts or prepared posts, not both',
      context: { field: 'prepared' },
    });
    await expect(store.posts.ingestBatch({ posts: [], prepared: { format: 'csv', posts: 0, rows: [] } })).rejects.toMatchObject({
      name: 'DataError',
      message: `prepared posts: expected ${POSTGRES_COPY_FORMAT} rows from preparedPostsWriter, got format "csv"`,
    });
  });
});

describe('prepared posts on PGlite', () => {
  test('PGlite has no post preparer and refuses prepared rows (it cannot COPY)', async () => {
    const store = await openStore({ dataDir: 'memory://' });
    try {
      expect(await store.posts.postPreparer?.()).toBeNull();
      await expect(store.posts.ingestBatch({ posts: [], prepared: prepare(posts.slice(0, 2)) })).rejects.toThrow(
        'prepared posts need a store that can COPY (a Postgres server); this one takes Posts only',
      );
      expect(await store.posts.countPosts()).toBe(0);
    } finally {
      await store.close();
    }
  });
});
