// Test fixtures from the shared data: real Twitter API v2 pages (twarc-csv test data) turned into Posts, and raw bad records.

import { readFileSync } from 'node:fs';
import { datasetPath } from '@skimmer/core';
import type { Post } from '@skimmer/core';

interface V2Tweet {
  id: string;
  created_at: string;
  text: string;
  lang?: string;
  author_id?: string;
  source?: string;
  entities?: { urls?: Array<{ url: string; expanded_url?: string }> };
  attachments?: unknown;
  referenced_tweets?: Array<{ type: string; id: string }>;
}

/** A v2 tweet as a Post (just enough normalisation for store tests; the twitter plugin owns the real one). */
export function tweetToPost(t: V2Tweet, source: string): Post {
  return {
    id: t.id,
    createdAt: t.created_at,
    text: t.text,
    source,
    client: t.source ?? null,
    lang: t.lang ?? null,
    authorId: t.author_id ?? null,
    expandedUrls: (t.entities?.urls ?? []).map((u) => u.expanded_url ?? u.url),
    mediaUrls: [],
    referencedTweets: t.referenced_tweets,
    payload: t,
  };
}

/** Every tweet of a twarc-csv JSONL file of v2 response pages, in file order. */
export function twitterV2Posts(file: string): Post[] {
  const lines = readFileSync(datasetPath('twitter-v2-twarc-csv', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return lines.flatMap((line) => (JSON.parse(line) as { data: V2Tweet[] }).data.map((t) => tweetToPost(t, `replay:${file}`)));
}

/** The bytes of the file's last line: in streaming_output_with_error.jsonl, deliberately invalid JSON. */
export function lastLineBytes(file: string): Uint8Array {
  const bytes = readFileSync(datasetPath('twitter-v2-twarc-csv', file));
  const end = bytes[bytes.length - 1] === 0x0a ? bytes.length - 1 : bytes.length;
  return new Uint8Array(bytes.subarray(bytes.lastIndexOf(0x0a, end - 1) + 1, end));
}
