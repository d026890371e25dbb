// What a post write does with an id that is stored already: ingest replaces it with the later copy (the last copy of
// an id wins, whatever the batch boundaries); a write that only needs the post to exist (predictions) keeps it.

/** `replace`: the later copy replaces the stored post and its URLs. `keep`: the stored post stays as it is. */
export type PostConflict = 'replace' | 'keep';

const REPLACED_COLUMNS = ['created_at', 'text', 'source', 'client', 'expanded_urls', 'media_urls', 'lang', 'author_id', 'referenced_tweets', 'payload'];

/** The ON CONFLICT clause of an INSERT INTO raw_posts; a copy equal to the stored row writes nothing. */
export function postConflictClause(conflict: PostConflict): string {
  if (conflict === 'keep') return 'ON CONFLICT (id) DO NOTHING';
  const set = REPLACED_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  const stored = REPLACED_COLUMNS.map((c) => `raw_posts.${c}`).join(', ');
  const later = REPLACED_COLUMNS.map((c) => `EXCLUDED.${c}`).join(', ');
  return `ON CONFLICT (id) DO UPDATE SET ${set} WHERE (${stored}) IS DISTINCT FROM (${later})`;
}

/** The ON CONFLICT clause of an INSERT INTO post_urls: a replaced post's URL takes the later copy's short URL and domain. */
export function urlConflictClause(conflict: PostConflict): string {
  if (conflict === 'keep') return 'ON CONFLICT (post_id, expanded_url) DO NOTHING';
  return `ON CONFLICT (post_id, expanded_url) DO UPDATE SET url = EXCLUDED.url, domain = EXCLUDED.domain
  WHERE (post_urls.url, post_urls.domain) IS DISTINCT FROM (EXCLUDED.url, EXCLUDED.domain)`;
}

/** RETURNING and the count of an `ins` CTE: only rows inserted, not replaced, count (xmax is 0 on a new row version). */
export const COUNT_INSERTED = 'RETURNING (xmax = 0) AS inserted\n) SELECT (count(*) FILTER (WHERE inserted))::int AS n FROM ins';

/** The last copy of each id in `posts`, in first-seen order (what a replacing write of them all would leave). */
export function lastCopies<T extends { id: string }>(posts: readonly T[]): readonly T[] {
  const byId = new Map<string, T>();
  for (const post of posts) byId.set(post.id, post);
  return byId.size === posts.length ? posts : [...byId.values()];
}
