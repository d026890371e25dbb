// PostRepository: ingest batches (posts, URLs, dead letters, offsets and source cursor in one transaction), offsets, counts and keyset scans.

import type { DeadLetter, IngestBatch, IngestResult, Post, PostRepository, SqlExecutor, StreamPostsOptions } from '@skimmer/core';
import { DataError } from '@skimmer/core';
import { jsonbProblem } from './jsonbLimits.ts';
import { advanceOffsets, offsetsStoredPast, readOffsets } from './consumerOffsets.ts';
import { readSourceCursor, storeSourceCursor } from './sourceCursors.ts';
import { canCopyIn } from './copyIn.ts';
import { copyPostRows } from './copyPostWrites.ts';
import { postgresPostPreparer, preparedCopyRows } from './postPreparer.ts';
import { upsertPosts } from './postWrites.ts';
import { BULK_CHUNK, chunks, isoTimestamp, pgText } from './sqlValues.ts';
import { withStoreErrors } from './storeError.ts';

const INSERT_DEAD_LETTERS = `
WITH ins AS (
  INSERT INTO dead_letters (raw, error, topic, partition, "offset", source)
  SELECT decode(raw, 'hex'), error, topic, partition, "offset", source
  FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bigint[], $6::text[]) AS t(raw, error, topic, partition, "offset", source)
  ON CONFLICT (topic, partition, "offset") DO NOTHING
  RETURNING 1
) SELECT count(*)::int AS n FROM ins`;

const POST_COLUMNS = `id, created_at, text, source, client, expanded_urls, media_urls, lang, author_id, referenced_tweets, payload`;

interface PostRow {
  id: string;
  created_at: unknown;
  text: string;
  source: string;
  client: string | null;
  expanded_urls: string[];
  media_urls: string[];
  lang: string | null;
  author_id: string | null;
  referenced_tweets: Post['referencedTweets'] | null;
  payload: unknown;
}

function toPost(row: PostRow): Post {
  const post: Post = {
    id: row.id,
    createdAt: isoTimestamp(row.created_at),
    text: row.text,
    source: row.source,
    client: row.client,
    lang: row.lang,
    authorId: row.author_id,
    expandedUrls: row.expanded_urls,
    mediaUrls: row.media_urls,
    payload: row.payload,
  };
  if (row.referenced_tweets) post.referencedTweets = row.referenced_tweets;
  return post;
}

/** Inserts the letters; one already stored for the same topic / partition / offset is skipped. Returns how many were new. */
async function insertDeadLetters(tx: SqlExecutor, letters: readonly DeadLetter[]): Promise<number> {
  let inserted = 0;
  for (const chunk of chunks(letters, BULK_CHUNK)) {
    const { rows } = await tx.query<{ n: number }>(INSERT_DEAD_LETTERS, [
      chunk.map((d) => Buffer.from(d.raw.buffer, d.raw.byteOffset, d.raw.byteLength).toString('hex')),
      chunk.map((d) => pgText(d.error)),
      chunk.map((d) => pgText(d.topic)),
      chunk.map((d) => d.partition ?? null),
      chunk.map((d) => (d.offset === null || d.offset === undefined ? null : String(d.offset))),
      chunk.map((d) => pgText(d.source)),
    ]);
    inserted += rows[0].n;
  }
  return inserted;
}

/**
 * Writes a batch's posts: its Posts, or the COPY rows a decode worker prepared (on a connection that can COPY). A stored
 * post is replaced by the batch's copy, so the last copy of an id in bus order wins.
 */
async function writePosts(tx: SqlExecutor, batch: IngestBatch): Promise<{ insertedPosts: number; insertedUrls: number }> {
  if (batch.prepared === undefined) return upsertPosts(tx, batch.posts, 'replace');
  if (batch.posts.length > 0) throw new DataError('an ingest batch carries posts or prepared posts, not both', { field: 'prepared' });
  const rows = preparedCopyRows(batch.prepared);
  if (!canCopyIn(tx)) throw new DataError('prepared posts need a store that can COPY (a Postgres server); this one takes Posts only', { field: 'prepared' });
  return rows.posts.count === 0 ? { insertedPosts: 0, insertedUrls: 0 } : copyPostRows(tx, rows, 'replace');
}

/** The PostRepository of a store; `copy` says whether its connections can COPY (and so take prepared posts). */
export function postRepository(sql: SqlExecutor, { copy }: { copy: boolean }): PostRepository {
  return {
    payloadProblem: jsonbProblem,
    ingestBatch(batch: IngestBatch): Promise<IngestResult> {
      const deadLetters = batch.deadLetters ?? [];
      const posts = batch.prepared?.posts ?? batch.posts.length;
      return withStoreErrors('posts.ingestBatch', { posts, deadLetters: deadLetters.length }, () =>
        sql.transaction(async (tx) => {
          // A batch whose offsets are all stored already (a consumer that lost its partition, a retried commit) is not
          // written again: its copies would replace the later copies stored since.
          if (await offsetsStoredPast(tx, batch.offsets ?? [])) return { insertedPosts: 0, insertedUrls: 0, deadLetters: 0 };
          const { insertedPosts, insertedUrls } = await writePosts(tx, batch);
          const storedLetters = await insertDeadLetters(tx, deadLetters);
          await advanceOffsets(tx, batch.offsets ?? []);
          await storeSourceCursor(tx, batch.sourceCursor);
          return { insertedPosts, insertedUrls, deadLetters: storedLetters };
        }),
      );
    },

    postPreparer: async () => (copy ? postgresPostPreparer : null),

    readOffsets: (consumerGroup, topic) => withStoreErrors('posts.readOffsets', { consumerGroup, topic }, () => readOffsets(sql, consumerGroup, topic)),

    readSourceCursor: (consumerGroup, topic) =>
      withStoreErrors('posts.readSourceCursor', { consumerGroup, topic }, () => readSourceCursor(sql, consumerGroup, topic)),

    async countPosts() {
      const { rows } = await withStoreErrors('posts.countPosts', {}, () => sql.query<{ n: string }>('SELECT count(*)::text AS n FROM raw_posts'));
      return Number(rows[0].n);
    },

    async *streamPosts(options: StreamPostsOptions = {}) {
      const batchSize = Math.max(1, Math.floor(options.batchSize ?? 1000));
      let after = options.afterId ?? null;
      for (;;) {
        const { rows } = await withStoreErrors('posts.streamPosts', { afterId: after }, () =>
          after === null
            ? sql.query<PostRow>(`SELECT ${POST_COLUMNS} FROM raw_posts ORDER BY id LIMIT $1`, [batchSize])
            : sql.query<PostRow>(`SELECT ${POST_COLUMNS} FROM raw_posts WHERE id > $1 ORDER BY id LIMIT $2`, [after, batchSize]),
        );
        for (const row of rows) yield toPost(row);
        if (rows.length < batchSize) return;
        after = rows[rows.length - 1].id;
      }
    },

    async getPosts(ids) {
      if (ids.length === 0) return [];
      const { rows } = await withStoreErrors('posts.getPosts', { ids: ids.length }, () =>
        sql.query<PostRow>(`SELECT ${POST_COLUMNS} FROM raw_posts WHERE id = ANY($1::text[])`, [ids.map((id) => pgText(id))]),
      );
      const byId = new Map(rows.map((r) => [r.id, toPost(r)]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    async listDeadLetters(options = {}) {
      const { rows } = await withStoreErrors('posts.listDeadLetters', {}, () =>
        sql.query<{
          id: string;
          raw: Uint8Array;
          error: string;
          topic: string | null;
          partition: number | null;
          offset: string | null;
          source: string | null;
          at: unknown;
        }>(`SELECT id::text AS id, raw, error, topic, partition, "offset"::text AS "offset", source, at FROM dead_letters ORDER BY id LIMIT $1`, [
          options.limit ?? 1000,
        ]),
      );
      return rows.map((r) => ({ ...r, raw: new Uint8Array(r.raw), at: isoTimestamp(r.at) }));
    },
  };
}
