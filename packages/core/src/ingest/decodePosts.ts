// Decodes one bus record value into Posts: JSON parsing, the payload decoders tried in order, a flat row otherwise,
// refusing what the store says it cannot keep.

import type { Post } from '../post.ts';
import { DataError } from '../errors.ts';
import type { PayloadLimits, PayloadProblem } from '../store.ts';
import { isJsonObject } from './payloadFields.ts';
import type { JsonObject } from './payloadFields.ts';
import { rememberPayloadSource } from './payloadSource.ts';
import type { PostDecoder } from './postDecoder.ts';
import { rowToPost } from './rowPost.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

const startsWithBom = (bytes: Uint8Array): boolean => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

/** Parses JSON from bytes or text; a DataError names the record and says what is wrong. */
export function parseJsonRecord(value: Uint8Array | string, record: string): unknown {
  return parseJsonRecordText(value, record).json;
}

/** parseJsonRecord, also returning the decoded text. */
function parseJsonRecordText(value: Uint8Array | string, record: string): { json: unknown; text: string } {
  let text: string;
  try {
    text = typeof value === 'string' ? value : utf8.decode(value);
  } catch {
    throw new DataError(`record ${record}: value is not valid UTF-8`, { record, field: 'value' });
  }
  try {
    return { json: JSON.parse(text), text };
  } catch (err) {
    throw new DataError(`record ${record}: value is not valid JSON (${(err as Error).message})`, { record, field: 'value' });
  }
}

/** The first decoder's Posts that takes the object; else an error envelope (`errors`) is refused, and anything else read as a flat row. */
function objectToPosts(obj: JsonObject, source: string, record: string, decoders: readonly PostDecoder[]): Post[] {
  for (const decoder of decoders) {
    const posts = decoder.decode(obj, source, record);
    if (posts !== null) return posts;
  }
  if ('errors' in obj)
    throw new DataError(`record ${record}: an API error message, not a post: ${JSON.stringify(obj.errors).slice(0, 200)}`, { record, field: 'errors' });
  return [rowToPost(obj, source, record)];
}

/**
 * A record value → the Posts it carries: each JSON object goes to the first of `decoders` that takes it (the payload
 * formats plugins provide, e.g. @skimmer/plugins-twitter's `twitterPostDecoders`); an error envelope (`errors`) is
 * refused; anything else is read as a flat row. Throws DataError (never anything else) for a value that is not JSON,
 * not a post, or that `payloadProblem` (the store's limits) refuses, so the caller can dead-letter it.
 *
 * @example
 * decodePosts('{"data":{"id":"1","text":"hi","created_at":"2021-04-01T15:52:31.000Z"}}', 'twitter-v2', 'posts/0/17', undefined, twitterPostDecoders)[0].id; // '1'
 */
export function decodePosts(
  value: Uint8Array | string,
  source: string,
  record: string,
  payloadProblem?: PayloadProblem,
  decoders: readonly PostDecoder[] = [],
): Post[] {
  const { json, text } = parseJsonRecordText(value, record);
  const unstorable = payloadProblem?.(text) ?? null;
  if (unstorable !== null) throw new DataError(`record ${record}: ${unstorable}`, { record, field: 'value' });
  // A record holding one object is usually one post whose payload is that object: its bytes (or text, when it came
  // as text or with a byte-order mark) are kept for the store.
  if (isJsonObject(json)) rememberPayloadSource(json, typeof value === 'string' || startsWithBom(value) ? text : value);
  try {
    if (Array.isArray(json)) return json.flatMap((item, i) => (isJsonObject(item) ? objectToPosts(item, source, `${record}[${i}]`, decoders) : []));
    if (isJsonObject(json)) return objectToPosts(json, source, record, decoders);
  } catch (err) {
    if (err instanceof DataError) throw err;
    throw new DataError(`record ${record}: ${(err as Error).message}`, { record });
  }
  throw new DataError(`record ${record}: expected a JSON object or array, got ${typeof json}`, { record, field: 'value' });
}

/** The payload check of a store part, or undefined when it takes any JSON. */
export function payloadProblemOf(target: PayloadLimits): PayloadProblem | undefined {
  return target.payloadProblem ? (text) => target.payloadProblem!(text) : undefined;
}
