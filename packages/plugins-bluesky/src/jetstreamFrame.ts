// Classifies one Jetstream frame (v1 JSON wire) and normalises a post create into the flat row that core's rowToPost decodes.

import { POST_COLLECTION } from './options.ts';

/** A link a post shares: from a rich-text facet or an external embed (link card). */
export interface PostLink {
  url: string;
  domain: string | null;
  from: 'facet' | 'embed';
}

/**
 * The record a Bluesky post becomes on the bus: the flat row JSON core's `rowToPost` reads (`id`, `text`, `created_at`,
 * `lang`, `author_id`, `expanded_urls`) plus what a core Post has no field for (all `langs`, links with domains,
 * images, reply / quote references), kept in the stored payload.
 */
export interface BlueskyPostRow {
  id: string;
  text: string;
  created_at: string;
  lang: string | null;
  langs: string[];
  author_id: string;
  /** Space-separated: rowToPost reads URL columns as text. */
  expanded_urls: string;
  links: PostLink[];
  images: { count: number; alt: string[] };
  reply: { root: string; parent: string } | null;
  quote: string | null;
  cid: string | null;
  time_us: number;
  platform: 'bluesky';
}

/** Why a well-formed frame carries no post to keep. */
export type SkipReason = 'delete' | 'update' | 'other-collection' | 'identity' | 'account' | 'other-kind' | 'empty-text';

export type FrameOutcome =
  | { readonly kind: 'post'; readonly row: BlueskyPostRow; readonly timeUs: number }
  | { readonly kind: 'skip'; readonly reason: SkipReason; readonly timeUs: number }
  /** Not a frame this source can read: `json` is the parsed frame when it parsed. */
  | { readonly kind: 'invalid'; readonly problem: string; readonly timeUs: number | null; readonly json?: unknown };

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** A field problem, thrown inside normalisation and turned into an `invalid` outcome. */
class FrameProblem extends Error {}

function need<T>(value: T | null | undefined, field: string, expected: string): T {
  if (value === null || value === undefined) throw new FrameProblem(`${field}: expected ${expected}`);
  return value;
}

/** An ISO-8601 / RFC 3339 date-time with a zone, as atproto's `datetime` format requires. */
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function createdAt(value: unknown): string {
  const text = need(str(value), 'commit.record.createdAt', 'an RFC 3339 date-time');
  const ms = Date.parse(text);
  if (!DATETIME.test(text) || Number.isNaN(ms))
    throw new FrameProblem(`commit.record.createdAt: expected an RFC 3339 date-time, got ${JSON.stringify(text.slice(0, 40))}`);
  return new Date(ms).toISOString();
}

function domainOf(url: string): string | null {
  const host = new URL(url).hostname.toLowerCase();
  return host === '' ? null : host;
}

/** http(s) URLs only: a facet may carry any URI, and a post's shared links are web pages. */
function webUrl(value: unknown): string | null {
  const url = str(value);
  return url !== null && /^https?:\/\//i.test(url) && URL.canParse(url) ? url : null;
}

function facetLinks(facets: unknown): string[] {
  if (!Array.isArray(facets)) return [];
  const urls: string[] = [];
  for (const facet of facets) {
    if (!isObject(facet) || !Array.isArray(facet.features)) continue;
    for (const feature of facet.features) {
      if (isObject(feature) && feature.$type === 'app.bsky.richtext.facet#link') {
        const url = webUrl(feature.uri);
        if (url) urls.push(url);
      }
    }
  }
  return urls;
}

interface EmbedParts {
  external: string[];
  imageAlts: string[];
  quote: string | null;
}

/** Link cards, images and the quoted post of an embed (recordWithMedia nests a record and a media embed). */
function embedParts(embed: unknown, parts: EmbedParts = { external: [], imageAlts: [], quote: null }): EmbedParts {
  if (!isObject(embed)) return parts;
  switch (embed.$type) {
    case 'app.bsky.embed.external': {
      const url = isObject(embed.external) ? webUrl(embed.external.uri) : null;
      if (url) parts.external.push(url);
      break;
    }
    case 'app.bsky.embed.images':
      if (Array.isArray(embed.images))
        for (const image of embed.images) parts.imageAlts.push(isObject(image) && typeof image.alt === 'string' ? image.alt : '');
      break;
    case 'app.bsky.embed.record':
      parts.quote = isObject(embed.record) ? str(embed.record.uri) : null;
      break;
    case 'app.bsky.embed.recordWithMedia':
      if (isObject(embed.record) && isObject(embed.record.record)) parts.quote = str(embed.record.record.uri);
      embedParts(embed.media, parts);
      break;
  }
  return parts;
}

function replyRefs(reply: unknown): BlueskyPostRow['reply'] {
  if (reply === undefined) return null;
  const root = isObject(reply) && isObject(reply.root) ? str(reply.root.uri) : null;
  const parent = isObject(reply) && isObject(reply.parent) ? str(reply.parent.uri) : null;
  return { root: need(root, 'commit.record.reply.root.uri', 'an at:// URI'), parent: need(parent, 'commit.record.reply.parent.uri', 'an at:// URI') };
}

function postRow(did: string, timeUs: number, commit: Obj): BlueskyPostRow | null {
  const rkey = need(str(commit.rkey), 'commit.rkey', 'a record key');
  const record = need(isObject(commit.record) ? commit.record : null, 'commit.record', 'an object');
  if (typeof record.text !== 'string') throw new FrameProblem('commit.record.text: expected a string');
  const created = createdAt(record.createdAt);
  // A core Post needs text: image-only posts have none to label.
  if (record.text.trim().length === 0) return null;
  const langs = Array.isArray(record.langs) ? record.langs.filter((l): l is string => typeof l === 'string' && l.length > 0) : [];
  const embed = embedParts(record.embed);
  const seen = new Set<string>();
  const links: PostLink[] = [];
  for (const [from, urls] of [
    ['facet', facetLinks(record.facets)],
    ['embed', embed.external],
  ] as const) {
    for (const url of urls) {
      if (seen.has(url)) continue;
      seen.add(url);
      links.push({ url, domain: domainOf(url), from });
    }
  }
  return {
    id: `at://${did}/${POST_COLLECTION}/${rkey}`,
    text: record.text,
    created_at: created,
    lang: langs[0] ?? null,
    langs,
    author_id: did,
    expanded_urls: links.map((l) => l.url).join(' '),
    links,
    images: { count: embed.imageAlts.length, alt: embed.imageAlts },
    reply: replyRefs(record.reply),
    quote: embed.quote,
    cid: str(commit.cid),
    time_us: timeUs,
    platform: 'bluesky',
  };
}

function classifyObject(frame: Obj): FrameOutcome {
  const timeUs = need(
    Number.isSafeInteger(frame.time_us) && (frame.time_us as number) > 0 ? (frame.time_us as number) : null,
    'time_us',
    'a positive integer (microseconds)',
  );
  switch (frame.kind) {
    case 'identity':
      return { kind: 'skip', reason: 'identity', timeUs };
    case 'account':
      return { kind: 'skip', reason: 'account', timeUs };
    case 'commit':
      break;
    default:
      if (typeof frame.kind !== 'string') throw new FrameProblem('kind: expected "commit", "identity" or "account"');
      return { kind: 'skip', reason: 'other-kind', timeUs };
  }
  const did = need(str(frame.did)?.startsWith('did:') ? (frame.did as string) : null, 'did', 'a DID (did:…)');
  const commit = need(isObject(frame.commit) ? frame.commit : null, 'commit', 'an object');
  if (commit.collection !== POST_COLLECTION) return { kind: 'skip', reason: 'other-collection', timeUs };
  if (commit.operation === 'delete') return { kind: 'skip', reason: 'delete', timeUs };
  if (commit.operation === 'update') return { kind: 'skip', reason: 'update', timeUs };
  if (commit.operation !== 'create') throw new FrameProblem(`commit.operation: expected create, update or delete, got ${JSON.stringify(commit.operation)}`);
  const row = postRow(did, timeUs, commit);
  return row === null ? { kind: 'skip', reason: 'empty-text', timeUs } : { kind: 'post', row, timeUs };
}

/**
 * One frame's text → a post row to keep, a reason to skip it, or the problem that makes it unreadable.
 *
 * @example
 * classifyFrame('{"did":"did:plc:a","time_us":1,"kind":"identity","identity":{}}'); // { kind: 'skip', reason: 'identity', timeUs: 1 }
 */
export function classifyFrame(text: string): FrameOutcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { kind: 'invalid', problem: `not JSON (${(err as Error).message})`, timeUs: null };
  }
  if (!isObject(json)) return { kind: 'invalid', problem: 'expected a JSON object', timeUs: null, json };
  try {
    return classifyObject(json);
  } catch (err) {
    if (!(err instanceof FrameProblem)) throw err;
    const timeUs = Number.isSafeInteger(json.time_us) ? (json.time_us as number) : null;
    return { kind: 'invalid', problem: err.message, timeUs, json };
  }
}
