// Posts and their URLs through COPY: rows go into per-connection temporary staging tables, then one INSERT … SELECT … ON
// CONFLICT DO NOTHING each into raw_posts and post_urls, all inside the caller's transaction.

import { payloadText } from '@skimmer/core';
import type { Post } from '@skimmer/core';
import type { CopyInExecutor } from './copyIn.ts';
import { COPY_NULL, copyChunks, copyField, copyTextArray } from './copyText.ts';
import { postUrlRows } from './postUrls.ts';
import { pgJson } from './sqlValues.ts';

const POST_COLUMNS = 'id, created_at, text, source, client, expanded_urls, media_urls, lang, author_id, referenced_tweets, payload';

// Temporary tables live as long as the connection; ON COMMIT DELETE ROWS empties them at every commit (and a rollback
// discards what this transaction put there), so each transaction starts from empty staging tables.
const CREATE_STAGING = `
CREATE TEMP TABLE IF NOT EXISTS skimmer_stage_posts (
  id text COLLATE "C", created_at timestamptz, text text, source text, client text, expanded_urls text[], media_urls text[],
  lang text, author_id text, referenced_tweets jsonb, payload jsonb
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS skimmer_stage_urls (post_id text COLLATE "C", url text, expanded_url text, domain text) ON COMMIT DELETE ROWS`;

const COPY_POSTS = `COPY pg_temp.skimmer_stage_posts (${POST_COLUMNS}) FROM STDIN`;
const COPY_URLS = 'COPY pg_temp.skimmer_stage_urls (post_id, url, expanded_url, domain) FROM STDIN';

const INSERT_POSTS = `
WITH ins AS (
  INSERT INTO raw_posts (${POST_COLUMNS})
  SELECT ${POST_COLUMNS} FROM pg_temp.skimmer_stage_posts
  ON CONFLICT (id) DO NOTHING
  RETURNING 1
) SELECT count(*)::int AS n FROM ins`;

const INSERT_URLS = `
WITH ins AS (
  INSERT INTO post_urls (post_id, url, expanded_url, domain)
  SELECT post_id, url, expanded_url, domain FROM pg_temp.skimmer_stage_urls
  ON CONFLICT (post_id, expanded_url) DO NOTHING
  RETURNING 1
) SELECT count(*)::int AS n FROM ins`;

/** jsonb text of a payload: the text it was decoded from when known and NUL-free, else its JSON with NULs removed. */
function payloadJson(payload: unknown): string {
  const text = payloadText(payload);
  return text !== undefined && !text.includes('\\u0000') ? text : pgJson(payload);
}

/** One COPY text line of skimmer_stage_posts. */
export function postCopyLine(post: Post): string {
  return [
    copyField(post.id),
    copyField(post.createdAt),
    copyField(post.text),
    copyField(post.source ?? ''),
    copyField(post.client),
    copyTextArray(post.expandedUrls),
    copyTextArray(post.mediaUrls),
    copyField(post.lang),
    copyField(post.authorId),
    post.referencedTweets ? copyField(pgJson(post.referencedTweets)) : COPY_NULL,
    post.payload === undefined || post.payload === null ? COPY_NULL : copyField(payloadJson(post.payload)),
  ].join('\t');
}

function* postLines(posts: readonly Post[]): Generator<string> {
  for (const post of posts) yield postCopyLine(post);
}

function* urlLines(posts: readonly Post[]): Generator<string> {
  for (const post of posts) {
    for (const u of postUrlRows(post)) yield `${copyField(u.postId)}\t${copyField(u.url)}\t${copyField(u.expandedUrl)}\t${copyField(u.domain)}`;
  }
}

/** Stages `posts` and their URLs by COPY and moves the new ones into raw_posts and post_urls; returns the rows added. */
export async function copyPosts(tx: CopyInExecutor, posts: readonly Post[]): Promise<{ insertedPosts: number; insertedUrls: number }> {
  await tx.query(CREATE_STAGING);
  await tx.copyIn(COPY_POSTS, copyChunks(postLines(posts)));
  const inserted = await tx.query<{ n: number }>(INSERT_POSTS);
  let insertedUrls = 0;
  if (posts.some((p) => p.expandedUrls.length > 0)) {
    await tx.copyIn(COPY_URLS, copyChunks(urlLines(posts)));
    insertedUrls = (await tx.query<{ n: number }>(INSERT_URLS)).rows[0].n;
  }
  return { insertedPosts: inserted.rows[0].n, insertedUrls };
}
