// The COPY write path on a PostgreSQL server: COPY text escaping, decoded payload texts, repeated ids and rolled-back batches.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodePosts } from '@skimmer/core';
import type { Post, Store } from '@skimmer/core';
import { copyChunks, copyField, copyTextArray } from '../src/copyText.ts';
import { openStore } from '../src/openStore.ts';
import { testDatabaseUrl, withSearchPath } from './testDatabaseUrl.ts';

describe('COPY text fields', () => {
  test('escape backslash, tab, CR and LF, drop U+0000 and write NULL as \\N', () => {
    expect(copyField('a\tb\\c\nd\re\u0000f')).toBe('a\\tb\\\\c\\nd\\re' + 'f');
    expect(copyField(null)).toBe('\\N');
    expect(copyField('plain')).toBe('plain');
  });

  test('text arrays are array literals, then COPY-escaped', () => {
    expect(copyTextArray([])).toBe('{}');
    expect(copyTextArray(['a', 'b "c"'])).toBe('{"a","b \\\\"c\\\\""}');
  });

  test('lines are joined into newline-terminated chunks', () => {
    expect([...copyChunks(['1\ta', '2\tb', '3\tc'], 8)]).toEqual(['1\ta\n2\tb\n', '3\tc\n']);
    expect([...copyChunks([])]).toEqual([]);
  });
});

describe('ingestBatch through COPY on a PostgreSQL server', () => {
  const url = testDatabaseUrl();
  const schema = `copy_writes_${process.pid}_${Date.now()}`;
  let store: Store;

  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  const post = (id: string, over: Partial<Post> = {}): Post => ({
    id, createdAt: '2021-04-01T15:52:31.000Z', text: `t${id}`, source: 's', client: null, lang: null, authorId: null, expandedUrls: [], mediaUrls: [], payload: null, ...over,
  });

  beforeAll(async () => {
    await admin(`CREATE SCHEMA ${schema}`);
    store = await openStore({ url: withSearchPath(url, schema), maxConnections: 2 });
  });
  afterAll(async () => {
    await store?.close();
    await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  test('texts and URLs with tabs, newlines, backslashes and quotes read back unchanged', async () => {
    const text = 'line 1\nline\t2 \\ "q" {b,c}\r';
    const urls = ['https://example.org/a\\b"c', 'https://example.org/x y'];
    const result = await store.posts.ingestBatch({ posts: [post('10', { text, expandedUrls: urls, referencedTweets: [{ type: 'quoted', id: '9' }] })] });
    expect(result).toEqual({ insertedPosts: 1, insertedUrls: 2, deadLetters: 0 });
    const [back] = await store.posts.getPosts(['10']);
    expect(back.text).toBe(text);
    expect(back.expandedUrls).toEqual(urls);
    expect(back.referencedTweets).toEqual([{ type: 'quoted', id: '9' }]);
  });

  test('a decoded payload is stored from its own text, and one whose text escapes U+0000 without it', async () => {
    const line = '{"data":{"id":"20","text":"a\\u0000b\\tc","created_at":"2021-04-01T15:52:31.000Z"},\n "matching_rules":[{"id":"1","tag":"x"}]}';
    const posts = decodePosts(line, 'twitter-v2', 't/0/0');
    await store.posts.ingestBatch({ posts });
    const [back] = await store.posts.getPosts(['20']);
    expect(back.text).toBe('ab\tc');
    expect(back.payload).toEqual({ data: { id: '20', text: 'ab\tc', created_at: '2021-04-01T15:52:31.000Z' }, matching_rules: [{ id: '1', tag: 'x' }] });
  });

  test('a repeated id keeps its first copy; a second batch of the same ids adds nothing', async () => {
    const batch = [post('30', { text: 'first', expandedUrls: ['https://a.example/1'] }), post('30', { text: 'second' }), post('31')];
    expect(await store.posts.ingestBatch({ posts: batch })).toEqual({ insertedPosts: 2, insertedUrls: 1, deadLetters: 0 });
    expect(await store.posts.ingestBatch({ posts: batch })).toEqual({ insertedPosts: 0, insertedUrls: 0, deadLetters: 0 });
    expect((await store.posts.getPosts(['30']))[0].text).toBe('first');
  });

  test('a batch mixing a stored post with new ones adds only the new posts and URLs', async () => {
    const batch = [post('30', { expandedUrls: ['https://a.example/1'] }), post('32', { expandedUrls: ['https://a.example/2', 'https://b.example/'] })];
    expect(await store.posts.ingestBatch({ posts: batch })).toEqual({ insertedPosts: 1, insertedUrls: 2, deadLetters: 0 });
    expect(await store.posts.countPosts()).toBe(5);
  });

  test('a batch that fails after staging (bad offset) leaves nothing behind for the next one', async () => {
    const bad = { posts: [post('40'), post('41')], offsets: [{ consumerGroup: 'g', topic: 't', partition: 0, offset: 'not-a-number' }] };
    await expect(store.posts.ingestBatch(bad)).rejects.toThrow(/offset "not-a-number"/);
    expect(await store.posts.ingestBatch({ posts: [post('42')] })).toEqual({ insertedPosts: 1, insertedUrls: 0, deadLetters: 0 });
    expect((await store.posts.getPosts(['40', '41', '42'])).map((p) => p.id)).toEqual(['42']);
  });
});
