// The Postgres post preparer: decoded posts → binary COPY rows of raw_posts and post_urls, made in a decode worker and
// written by `ingestBatch` (a batch's `prepared`), so the consumer's thread only moves bytes.

import { DataError } from '@skimmer/core';
import type { PostPreparerSpec, PreparedPosts, PreparedPostsWriterFactory } from '@skimmer/core';
import type { CopyRows, PostCopyRows } from './copyPostWrites.ts';
import { PostCopyRowsWriter } from './copyPostWrites.ts';
import { checkPost } from './postWrites.ts';

/** The format name of what `preparedPostsWriter` makes. */
export const POSTGRES_COPY_FORMAT = 'postgres-binary-copy-1';

/** The payloads this store refuses (Postgres jsonb's limits): decode workers dead-letter those records. */
export { jsonbProblem as payloadProblem } from './jsonbLimits.ts';

/** Where the decode workers find `preparedPostsWriter` and `payloadProblem`. */
export const postgresPostPreparer: PostPreparerSpec = { module: import.meta.url, format: POSTGRES_COPY_FORMAT };

/**
 * A writer that checks each post added and formats it and its URLs as binary COPY rows; the buffers are the rows' own
 * (never Node's shared Buffer pool), so a worker can transfer them.
 *
 * @example
 * const rows = preparedPostsWriter();
 * for (const post of posts) rows.add(post);
 * const { prepared, transfer } = rows.finish();
 * port.postMessage(prepared, transfer);
 */
export const preparedPostsWriter: PreparedPostsWriterFactory = () => {
  const rows = new PostCopyRowsWriter();
  return {
    add(post) {
      checkPost(post, rows.count);
      rows.add(post);
    },
    finish() {
      const done = rows.finish();
      const transfer = [...new Set([...done.posts.chunks, ...done.urls.chunks].map((chunk) => chunk.buffer as ArrayBuffer))];
      return { prepared: { format: POSTGRES_COPY_FORMAT, posts: done.posts.count, rows: done }, transfer };
    },
  };
};

function isCopyRows(value: unknown): value is CopyRows {
  const rows = value as Partial<CopyRows> | null;
  return Number.isInteger(rows?.count) && Array.isArray(rows?.chunks) && rows.chunks.every((chunk) => chunk instanceof Uint8Array);
}

/** The COPY rows of prepared posts; a DataError when they are not what `preparedPostsWriter` makes. */
export function preparedCopyRows(prepared: PreparedPosts): PostCopyRows {
  const rows = prepared.rows as Partial<PostCopyRows> | null;
  if (prepared.format !== POSTGRES_COPY_FORMAT || !isCopyRows(rows?.posts) || !isCopyRows(rows.urls) || rows.posts.count !== prepared.posts) {
    throw new DataError(`prepared posts: expected ${POSTGRES_COPY_FORMAT} rows from preparedPostsWriter, got format ${JSON.stringify(prepared.format)}`, {
      field: 'prepared',
    });
  }
  return rows as PostCopyRows;
}
