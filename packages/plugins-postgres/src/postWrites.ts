// Bulk, idempotent writes of posts and their URLs: COPY into session staging tables then INSERT … SELECT … ON CONFLICT on a
// Postgres connection; INSERT … SELECT FROM unnest(…), 5,000 rows a statement, where COPY is missing (PGlite). A stored id
// is replaced by the later copy (ingest) or kept (postConflict.ts).

import { DataError } from '@skimmer/core';
import type { Post, SqlExecutor } from '@skimmer/core';
import { canCopyIn } from './copyIn.ts';
import { copyPosts } from './copyPostWrites.ts';
import { COUNT_INSERTED, lastCopies, postConflictClause, urlConflictClause } from './postConflict.ts';
import type { PostConflict } from './postConflict.ts';
import { postUrlRows } from './postUrls.ts';
import { BULK_CHUNK, chunks, pgJson, pgText, textArrayLiteral } from './sqlValues.ts';

const insertPosts = (conflict: PostConflict): string => `
WITH ins AS (
  INSERT INTO raw_posts (id, created_at, text, source, client, expanded_urls, media_urls, lang, author_id, referenced_tweets, payload)
  SELECT id, created_at::timestamptz, text, source, client, expanded_urls::text[], media_urls::text[], lang, author_id,
         nullif(referenced_tweets, 'null'::jsonb), payload
  FROM ROWS FROM (unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]),
                  jsonb_array_elements($10::jsonb), jsonb_array_elements($11::jsonb))
    AS t(id, created_at, text, source, client, expanded_urls, media_urls, lang, author_id, referenced_tweets, payload)
  ${postConflictClause(conflict)}
  ${COUNT_INSERTED}`;

const insertUrls = (conflict: PostConflict): string => `
WITH ins AS (
  INSERT INTO post_urls (post_id, url, expanded_url, domain)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
  ${urlConflictClause(conflict)}
  ${COUNT_INSERTED}`;

// The URLs of posts $1 that their replacing copies ($2 / $3: post id, expanded URL) no longer have.
const DELETE_DROPPED_URLS = `
DELETE FROM post_urls u USING unnest($1::text[]) AS p(id)
WHERE u.post_id = p.id
  AND NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::text[]) AS n(post_id, expanded_url) WHERE n.post_id = u.post_id AND n.expanded_url = u.expanded_url)`;

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
 * Writes posts and one post_urls row per distinct expanded URL; returns the rows actually added (a replaced post is not
 * counted). Within one call the last copy of a repeated id wins; a stored id is replaced with its URLs or kept, as
 * `conflict` says.
 */
export async function upsertPosts(tx: SqlExecutor, posts: readonly Post[], conflict: PostConflict): Promise<{ insertedPosts: number; insertedUrls: number }> {
  posts.forEach(checkPost);
  if (posts.length === 0) return { insertedPosts: 0, insertedUrls: 0 };
  const last = lastCopies(posts);
  return canCopyIn(tx) ? copyPosts(tx, last, conflict) : unnestPosts(tx, last, conflict);
}

/** The parameterised path: one INSERT … SELECT FROM unnest(…) per 5,000 posts and per 5,000 URLs. */
async function unnestPosts(tx: SqlExecutor, posts: readonly Post[], conflict: PostConflict): Promise<{ insertedPosts: number; insertedUrls: number }> {
  let insertedPosts = 0;
  let insertedUrls = 0;
  for (const chunk of chunks(posts, BULK_CHUNK)) {
    const { rows } = await tx.query<{ n: number }>(insertPosts(conflict), [
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
  if (conflict === 'replace' && insertedPosts < posts.length) {
    const postIds = posts.map((p) => pgText(p.id));
    await tx.query(DELETE_DROPPED_URLS, [postIds, urls.map((u) => pgText(u.postId)), urls.map((u) => pgText(u.expandedUrl))]);
  }
  for (const chunk of chunks(urls, BULK_CHUNK)) {
    const { rows } = await tx.query<{ n: number }>(insertUrls(conflict), [
      chunk.map((u) => pgText(u.postId)),
      chunk.map((u) => pgText(u.url)),
      chunk.map((u) => pgText(u.expandedUrl)),
      chunk.map((u) => u.domain),
    ]);
    insertedUrls += rows[0].n;
  }
  return { insertedPosts, insertedUrls };
}
