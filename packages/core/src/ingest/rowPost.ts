// Normaliser for flat rows (a CSV row or a plain JSONL object) into Posts, by well-known column names.

import type { Post } from '../post.ts';
import { DataError } from '../errors.ts';
import { clientName, isoInstant, uniqueStrings } from './payloadFields.ts';
import type { JsonObject } from './payloadFields.ts';

const KIND = 'row';

/** Column names tried for each Post field, in order (compared case-insensitively, ignoring spaces and underscores). */
export const ROW_COLUMNS = {
  id: ['id_str', 'id', 'tweet_id', 'status_id', 'comment_id'],
  text: ['full_text', 'text', 'tweet', 'content', 'tweets'],
  createdAt: ['created_at', 'created', 'date', 'postdate', 'time', 'timestamp'],
  lang: ['lang', 'language'],
  client: ['source', 'status_source', 'statussource'],
  authorId: ['author_id', 'user_id', 'user_id_str'],
  urls: ['expanded_urls', 'urls', 'url'],
} as const;

const canonical = (name: string): string => name.toLowerCase().replace(/[\s_]/g, '');

function column(row: JsonObject, index: Map<string, string>, names: readonly string[]): string | null {
  for (const name of names) {
    const key = index.get(canonical(name));
    const value = key === undefined ? undefined : row[key];
    if (typeof value === 'string' && value.trim().length > 0) return value.trim();
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  }
  return null;
}

/**
 * True for a fragment that is a whole link: not cut off with `…` (retweet text is truncated as `https://t…`), a valid
 * URL, and a host with a dot in it (`https://t` is no link).
 */
function isWholeUrl(fragment: string): boolean {
  if (fragment.endsWith('\u2026')) return false;
  try {
    return new URL(fragment).hostname.includes('.');
  } catch {
    return false;
  }
}

/** URLs from a cell: a JSON / Python list (`['https://a', 'https://b']`) or text with URLs in it; truncated fragments are dropped. */
function cellUrls(cell: string | null): string[] {
  if (!cell) return [];
  return uniqueStrings((cell.match(/https?:\/\/[^\s'",\]]+/g) ?? []).filter(isWholeUrl));
}

/**
 * A flat row → Post, reading the first present column of each list in `ROW_COLUMNS`.
 * A row without an id, a text or a date is a DataError naming the missing column.
 *
 * @example
 * rowToPost({ id: '1', text: 'hello https://x.ai', created_at: '2023-01-01T00:00:00Z' }, 'replay:a.csv').expandedUrls; // ['https://x.ai']
 */
export function rowToPost(row: JsonObject, source: string, record = '(row)'): Post {
  const index = new Map(Object.keys(row).map((k) => [canonical(k), k]));
  const need = (field: keyof typeof ROW_COLUMNS): string => {
    const value = column(row, index, ROW_COLUMNS[field]);
    if (value === null) throw new DataError(`${KIND} ${record}: no ${field} column (tried ${ROW_COLUMNS[field].join(', ')})`, { record, field });
    return value;
  };
  const id = need('id');
  const text = need('text');
  return {
    id,
    createdAt: isoInstant(need('createdAt'), id, 'createdAt', KIND),
    text,
    source,
    client: clientName(column(row, index, ROW_COLUMNS.client)),
    lang: column(row, index, ROW_COLUMNS.lang),
    authorId: column(row, index, ROW_COLUMNS.authorId),
    // Without a URL column, the URLs written in the text (often t.co links) are the best there is.
    expandedUrls: cellUrls(column(row, index, ROW_COLUMNS.urls) ?? text),
    mediaUrls: [],
    payload: row,
  };
}
