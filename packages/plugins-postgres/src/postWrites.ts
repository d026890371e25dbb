// Bulk, idempotent writes of posts and their URLs: COPY into session staging tables then INSERT … SELECT … ON CONFLICT DO
// NOTHING on a Postgres connection; INSERT … SELECT FROM unnest(…), 5,000 rows a statement, where COPY is missing (PGlite).

import { DataError } from '@skimmer/core';
import type { Post, SqlExecutor } from '@skimmer/core';
import { canCopyIn } from './copyIn.ts';
import { copyPosts } from './copyPostWrites.ts';
import { postUrlRows } from './postUrls.ts';
import { BULK_CHUNK, chunks, pgJson, pgText, textArrayLiteral } from './sqlValues.ts';

const INSERT_POSTS = `
WITH ins AS (
  INSERT INTO raw_posts (id, created_at, text, source, client, expanded_urls, media_urls, lang, author_id, referenced_tweets, payload)
  SELECT id, created_at::timestamptz, text, source, client, expanded_urls::text[], media_urls::text[], lang, author_id,
         nullif(referenced_tweets, 'null'::jsonb), payload
  FROM ROWS FROM (unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]),
                  jsonb_array_elements($10::jsonb), jsonb_array_elements($11::jsonb))
    AS t(id, created_at, text, source, client, expanded_urls, media_urls, lang, author_id, referenced_tweets, payload)
  ON CONFLICT (id) DO NOTHING
  RETURNING 1
) SELECT count(*)::int AS n FROM ins`;

const INSERT_URLS = `
WITH ins AS (
  INSERT INTO post_urls (post_id, url, expanded_url, domain)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
  ON CONFLICT (post_id, expanded_url) DO NOTHING
  RETURNING 1
) SELECT count(*)::int AS n FROM ins`;

/** Checks the fields Postgres would reject, so the error names the post and the field. */
export function checkPost(post: Post, index: number): void {
  const record = typeof post?.id === 'string' ? post.id : index;
  if (typeof post?.id !== 'string' || post.id === '') throw new DataError('post id must be a non-empty string', { record, field: 'id' });
  if (typeof post.createdAt !== 'string' || Number.isNaN(Date.parse(post.createdAt))) {
    throw new DataError(`post ${post.id}: createdAt ${JSON.stringify(post.createdAt)} is not an ISO-8601 time`, { record, field: 'createdAt' });
  }
  if (typeof post.text !== 'string') throw new DataError(`post ${post.id}: text must be a string`, { record, field: 'text' });
  if (!Array.isArray(post.expandedUrls) || !Array.isArray(post.mediaUrls)) {
    throw new DataError(`post ${post.id}: expandedUrls and mediaUrls must be arrays of strings`, { record, field: 'expandedUrls' });
  }
}

/**
 * Inserts posts not stored yet and one post_urls row per distinct expanded URL; returns the rows actually added.
 * Within one call the first copy of a repeated id is kept.
 */
export async function upsertPosts(tx: SqlExecutor, posts: readonly Post[]): Promise<{ insertedPosts: number; insertedUrls: number }> {
  posts.forEach(checkPost);
  if (posts.length === 0) return { insertedPosts: 0, insertedUrls: 0 };
  return canCopyIn(tx) ? copyPosts(tx, posts) : unnestPosts(tx, posts);
}

/** The parameterised path: one INSERT … SELECT FROM unnest(…) per 5,000 posts and per 5,000 URLs. */
async function unnestPosts(tx: SqlExecutor, posts: readonly Post[]): Promise<{ insertedPosts: number; insertedUrls: number }> {
  let insertedPosts = 0;
  let insertedUrls = 0;
  for (const chunk of chunks(posts, BULK_CHUNK)) {
    const { rows } = await tx.query<{ n: number }>(INSERT_POSTS, [
      chunk.map((p) => pgText(p.id)),
      chunk.map((p) => p.createdAt),
      chunk.map((p) => pgText(p.text)),
      chunk.map((p) => pgText(p.source ?? '')),
      chunk.map((p) => pgText(p.client)),
      chunk.map((p) => textArrayLiteral(p.expandedUrls)),
      chunk.map((p) => textArrayLiteral(p.mediaUrls)),
      chunk.map((p) => pgText(p.lang)),
      chunk.map((p) => pgText(p.authorId)),
      pgJson(chunk.map((p) => p.referencedTweets ?? null)),
      pgJson(chunk.map((p) => p.payload ?? null)),
    ]);
    insertedPosts += rows[0].n;
  }
  const urls = posts.flatMap(postUrlRows);
  for (const chunk of chunks(urls, BULK_CHUNK)) {
    const { rows } = await tx.query<{ n: number }>(INSERT_URLS, [
      chunk.map((u) => pgText(u.postId)),
      chunk.map((u) => pgText(u.url)),
      chunk.map((u) => pgText(u.expandedUrl)),
      chunk.map((u) => u.domain),
    ]);
    insertedUrls += rows[0].n;
  }
  return { insertedPosts, insertedUrls };
}
