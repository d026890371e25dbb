// Normaliser for Twitter API v1.1 statuses (REST `full_text` and stream `extended_tweet` forms) into Posts.

import { arrayField, clientName, isJsonObject, isoInstant, objectField, optionalString, requireString, uniqueStrings } from '@skimmer/core';
import type { JsonObject, Post } from '@skimmer/core';
import { unescapeTweetText } from './tweetText.ts';

const KIND = 'Twitter v1.1 status';

/** True when the object looks like a v1.1 status (`id_str`, a user and some text). */
export function isTwitterV1Status(value: JsonObject): boolean {
  return typeof value.id_str === 'string' && isJsonObject(value.user) && (typeof value.text === 'string' || typeof value.full_text === 'string');
}

/** The untruncated text: `extended_tweet.full_text`, else `full_text`, else `text`. */
function fullText(status: JsonObject): string | null {
  return optionalString(objectField(status, 'extended_tweet'), 'full_text') ?? optionalString(status, 'full_text') ?? optionalString(status, 'text');
}

function text(status: JsonObject, record: string): string {
  const retweeted = objectField(status, 'retweeted_status');
  const original = retweeted ? fullText(retweeted) : null;
  if (retweeted && original) {
    const user = optionalString(objectField(retweeted, 'user'), 'screen_name');
    return `${user ? `RT @${user}: ` : ''}${original}`;
  }
  return fullText(status) ?? requireString(status, 'text', record, KIND);
}

/** Entities of the full text (an extended tweet carries its own). */
function entities(status: JsonObject, field: 'entities' | 'extended_entities'): JsonObject | undefined {
  return objectField(objectField(status, 'extended_tweet'), field) ?? objectField(status, field);
}

function urls(status: JsonObject): string[] {
  return uniqueStrings(
    arrayField(entities(status, 'entities'), 'urls')
      .filter(isJsonObject)
      .map((u) => optionalString(objectField(u, 'unwound'), 'url') ?? optionalString(u, 'expanded_url') ?? optionalString(u, 'url')),
  );
}

/** Photo URLs; for videos and GIFs the preview image (`media_url_https`). */
function mediaUrls(status: JsonObject): string[] {
  const media = arrayField(entities(status, 'extended_entities'), 'media');
  const list = media.length > 0 ? media : arrayField(entities(status, 'entities'), 'media');
  return uniqueStrings(list.filter(isJsonObject).map((m) => optionalString(m, 'media_url_https') ?? optionalString(m, 'media_url')));
}

function referencedTweets(status: JsonObject): Array<{ type: string; id: string }> {
  const refs: Array<{ type: string; id: string }> = [];
  const retweeted = optionalString(objectField(status, 'retweeted_status'), 'id_str');
  if (retweeted) refs.push({ type: 'retweeted', id: retweeted });
  const quoted = optionalString(status, 'quoted_status_id_str');
  if (quoted) refs.push({ type: 'quoted', id: quoted });
  const replied = optionalString(status, 'in_reply_to_status_id_str');
  if (replied) refs.push({ type: 'replied_to', id: replied });
  return refs;
}

/**
 * One v1.1 status → Post (the status is kept whole as the payload).
 *
 * @example
 * twitterV1StatusToPost(JSON.parse(line), 'replay:stream.jsonl').text; // extended_tweet.full_text when present
 */
export function twitterV1StatusToPost(status: JsonObject, source: string): Post {
  const id = requireString(status, 'id_str', typeof status.id_str === 'string' ? status.id_str : '(no id_str)', KIND);
  const post: Post = {
    id,
    createdAt: isoInstant(requireString(status, 'created_at', id, KIND), id, 'created_at', KIND),
    text: unescapeTweetText(text(status, id)),
    source,
    client: clientName(optionalString(status, 'source')),
    lang: optionalString(status, 'lang'),
    authorId: optionalString(objectField(status, 'user'), 'id_str'),
    expandedUrls: urls(status),
    mediaUrls: mediaUrls(status),
    payload: status,
  };
  const refs = referencedTweets(status);
  if (refs.length > 0) post.referencedTweets = refs;
  return post;
}
