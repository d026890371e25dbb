// Posts and their URLs through binary COPY, inside the caller's transaction: straight into raw_posts / post_urls under a
// savepoint when none of the rows exists yet (the usual case), else through temporary staging tables and INSERT … ON
// CONFLICT, which replaces a stored post and its URLs with the later copy or keeps it (postConflict.ts).

import { payloadSource } from '@skimmer/core';
import type { Post } from '@skimmer/core';
import type { CopyInExecutor } from './copyIn.ts';
import { CopyBinaryWriter, pgTimestampMicros } from './copyBinary.ts';
import { COUNT_INSERTED, postConflictClause, urlConflictClause } from './postConflict.ts';
import type { PostConflict } from './postConflict.ts';
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

const URL_COLUMNS = 'post_id, url, expanded_url, domain';
const COPY_POSTS = `COPY raw_posts (${POST_COLUMNS}) FROM STDIN (FORMAT binary)`;
const COPY_URLS = `COPY post_urls (${URL_COLUMNS}) FROM STDIN (FORMAT binary)`;
const COPY_STAGE_POSTS = `COPY pg_temp.skimmer_stage_posts (${POST_COLUMNS}) FROM STDIN (FORMAT binary)`;
const COPY_STAGE_URLS = `COPY pg_temp.skimmer_stage_urls (${URL_COLUMNS}) FROM STDIN (FORMAT binary)`;

const MERGE_POSTS: Record<PostConflict, string> = {
  replace: mergePosts('replace'),
  keep: mergePosts('keep'),
};

function mergePosts(conflict: PostConflict): string {
  return `
WITH ins AS (
  INSERT INTO raw_posts (${POST_COLUMNS})
  SELECT ${POST_COLUMNS} FROM pg_temp.skimmer_stage_posts
  ${postConflictClause(conflict)}
  ${COUNT_INSERTED}`;
}

// The staged URLs of posts that exist: each post is locked FOR KEY SHARE first, as a foreign key's check would, so a
// concurrent DELETE of a post waits for this transaction and its trigger then removes these URLs too.
const KEEP_URLS = `
WITH posts AS (
  SELECT id FROM raw_posts WHERE id IN (SELECT post_id FROM pg_temp.skimmer_stage_urls) FOR KEY SHARE
), ins AS (
  INSERT INTO post_urls (post_id, url, expanded_url, domain)
  SELECT s.post_id, s.url, s.expanded_url, s.domain FROM pg_temp.skimmer_stage_urls s JOIN posts p ON p.id = s.post_id
  ${urlConflictClause('keep')}
  ${COUNT_INSERTED}`;

// The staged posts were all just written (so locked by this transaction): their URLs are replaced by the staged ones,
// those the later copy no longer has deleted.
const REPLACE_URLS = `
WITH dropped AS (
  DELETE FROM post_urls u USING pg_temp.skimmer_stage_posts s
  WHERE u.post_id = s.id
    AND NOT EXISTS (SELECT 1 FROM pg_temp.skimmer_stage_urls n WHERE n.post_id = u.post_id AND n.expanded_url = u.expanded_url)
), ins AS (
  INSERT INTO post_urls (post_id, url, expanded_url, domain)
  SELECT post_id, url, expanded_url, domain FROM pg_temp.skimmer_stage_urls
  ${urlConflictClause('replace')}
  ${COUNT_INSERTED}`;

/** Bytes of `\u0000` in JSON text: jsonb rejects the escaped NUL. */
const ESCAPED_NUL = Buffer.from('\\u0000');

/**
 * jsonb of a payload: the bytes or text it was decoded from when known and free of an escaped NUL, else its JSON with
 * NULs removed.
 */
function payloadJson(payload: unknown): Uint8Array | string {
  const source = payloadSource(payload);
  if (typeof source === 'string') return source.includes('\\u0000') ? pgJson(payload) : source;
  if (source !== undefined && Buffer.from(source.buffer, source.byteOffset, source.byteLength).indexOf(ESCAPED_NUL) < 0) return source;
  return pgJson(payload);
}

/** Appends `post` as a row of raw_posts (or its staging table), columns as POST_COLUMNS. The post is checked before (checkPost). */
function writePostRow(rows: CopyBinaryWriter, post: Post): void {
  rows.startRow(11);
  rows.text(post.id);
  rows.timestamptz(pgTimestampMicros(post.createdAt)!); // checkPost rejected what Date.parse cannot read
  rows.text(post.text);
  rows.text(post.source ?? '');
  rows.text(post.client);
  rows.textArray(post.expandedUrls);
  rows.textArray(post.mediaUrls);
  rows.text(post.lang);
  rows.text(post.authorId);
  rows.jsonb(post.referencedTweets ? pgJson(post.referencedTweets) : null);
  rows.jsonb(post.payload === undefined || post.payload === null ? null : payloadJson(post.payload));
}

/** Appends the rows of post_urls (or its staging table) of `post`, columns as URL_COLUMNS: one per distinct URL. */
function writeUrlRows(rows: CopyBinaryWriter, post: Post): void {
  for (const url of postUrlRows(post)) {
    rows.startRow(4);
    rows.text(url.postId);
    rows.text(url.url);
    rows.text(url.expandedUrl);
    rows.text(url.domain);
  }
}

/** Binary COPY rows of raw_posts (or its staging table), columns as POST_COLUMNS. Posts are checked before (checkPost). */
export function postCopyRows(posts: readonly Post[]): CopyRows {
  const rows = new CopyBinaryWriter();
  for (const post of posts) writePostRow(rows, post);
  return { count: rows.rows, chunks: rows.finish() };
}

/**
 * The COPY rows of posts and their URLs, written one post at a time (a decoder can format each post as it decodes it
 * and let its parsed payload go at once).
 */
export class PostCopyRowsWriter {
  private readonly posts = new CopyBinaryWriter();
  private readonly urls = new CopyBinaryWriter();

  /** Appends a checked post (checkPost) and its URLs. */
  add(post: Post): void {
    writePostRow(this.posts, post);
    writeUrlRows(this.urls, post);
  }

  /** Posts added so far. */
  get count(): number {
    return this.posts.rows;
  }

  finish(): PostCopyRows {
    return { posts: { count: this.posts.rows, chunks: this.posts.finish() }, urls: { count: this.urls.rows, chunks: this.urls.finish() } };
  }
}

/** Rows ready for one COPY, and how many. */
export interface CopyRows {
  count: number;
  chunks: Uint8Array[];
}

/** Postgres's unique_violation: some row of the COPY exists already (a redelivered post) or repeats within it. */
function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '23505';
}

/**
 * COPY `lines` straight into the table under a savepoint (true), or, when a row is there already, roll back to it,
 * stage the lines and INSERT the new ones (false). `inserted` counts what the INSERT added.
 */
async function copyOrMerge(tx: CopyInExecutor, direct: string, stage: string, merge: string, rows: CopyRows): Promise<number> {
  try {
    await tx.transaction(() => tx.copyIn(direct, rows.chunks));
    return rows.count;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  return mergeStaged(tx, stage, merge, rows);
}

async function mergeStaged(tx: CopyInExecutor, stage: string, merge: string, rows: CopyRows): Promise<number> {
  await tx.query(CREATE_STAGING);
  if (rows.count > 0) await tx.copyIn(stage, rows.chunks);
  return (await tx.query<{ n: number }>(merge)).rows[0].n;
}

/** Binary COPY rows of a batch of posts and of their URLs: what `copyPostRows` writes. */
export interface PostCopyRows {
  posts: CopyRows;
  urls: CopyRows;
}

/** The COPY rows of checked `posts` (checkPost) and their URLs. */
export function postsToCopyRows(posts: readonly Post[]): PostCopyRows {
  const rows = new PostCopyRowsWriter();
  for (const post of posts) rows.add(post);
  return rows.finish();
}

/**
 * Writes posts (no id twice) and their URLs from their COPY rows; returns the rows added (a replaced post is not
 * counted). URLs go straight in only when every post did (a post that was there already may have its URLs too; with
 * `replace`, the later copy's URLs replace them).
 */
export async function copyPostRows(tx: CopyInExecutor, rows: PostCopyRows, conflict: PostConflict): Promise<{ insertedPosts: number; insertedUrls: number }> {
  const insertedPosts = await copyOrMerge(tx, COPY_POSTS, COPY_STAGE_POSTS, MERGE_POSTS[conflict], rows.posts);
  const urlMerge = conflict === 'replace' ? REPLACE_URLS : KEEP_URLS;
  if (insertedPosts === rows.posts.count) {
    return { insertedPosts, insertedUrls: rows.urls.count === 0 ? 0 : await copyOrMerge(tx, COPY_URLS, COPY_STAGE_URLS, urlMerge, rows.urls) };
  }
  if (rows.urls.count === 0 && conflict === 'keep') return { insertedPosts, insertedUrls: 0 };
  return { insertedPosts, insertedUrls: await mergeStaged(tx, COPY_STAGE_URLS, urlMerge, rows.urls) };
}

/** Writes `posts` (no id twice) and their URLs through binary COPY; returns the rows added. */
export function copyPosts(tx: CopyInExecutor, posts: readonly Post[], conflict: PostConflict): Promise<{ insertedPosts: number; insertedUrls: number }> {
  return copyPostRows(tx, postsToCopyRows(posts), conflict);
}
