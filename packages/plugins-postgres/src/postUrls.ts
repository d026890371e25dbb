// Turns a post's expanded URLs into post_urls rows: the short URL when the payload names it, and the lower-cased domain.

import type { Post } from '@skimmer/core';

export interface PostUrlRow {
  postId: string;
  url: string;
  expandedUrl: string;
  domain: string | null;
}

/** The host name of `url`, lower-cased, or null when it is not an absolute URL. */
export function urlDomain(url: string): string | null {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === '' ? null : host;
  } catch {
    return null;
  }
}

/** expanded_url → url (t.co) from Twitter payloads (v2 `entities.urls`, v1.1 `entities.urls`); empty for other sources. */
function shortUrls(payload: unknown): Map<string, string> {
  const map = new Map<string, string>();
  const urls = (payload as { entities?: { urls?: unknown } } | null)?.entities?.urls;
  if (!Array.isArray(urls)) return map;
  for (const entry of urls) {
    const e = entry as { url?: unknown; expanded_url?: unknown; unwound_url?: unknown };
    if (typeof e.url !== 'string') continue;
    for (const long of [e.expanded_url, e.unwound_url]) if (typeof long === 'string') map.set(long, e.url);
  }
  return map;
}

/**
 * One row per distinct expanded URL of the post.
 *
 * @example
 * postUrlRows({ id: '1', expandedUrls: ['https://Example.com/a'], payload: null, ... })
 * // [{ postId: '1', url: 'https://Example.com/a', expandedUrl: 'https://Example.com/a', domain: 'example.com' }]
 */
export function postUrlRows(post: Pick<Post, 'id' | 'expandedUrls' | 'payload'>): PostUrlRow[] {
  const short = shortUrls(post.payload);
  return [...new Set(post.expandedUrls)].map((expandedUrl) => ({
    postId: post.id,
    url: short.get(expandedUrl) ?? expandedUrl,
    expandedUrl,
    domain: urlDomain(expandedUrl),
  }));
}
