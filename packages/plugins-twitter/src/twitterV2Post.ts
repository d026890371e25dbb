// Normaliser for Twitter API v2 payloads (stream lines and response pages: `{data, includes, matching_rules}`) into Posts.

import { arrayField, DataError, isJsonObject, isoInstant, objectField, optionalString, requireString, uniqueStrings } from '@skimmer/core';
import type { JsonObject, Post } from '@skimmer/core';
import { unescapeTweetText } from './tweetText.ts';

const KIND = 'Twitter v2 tweet';

/** A v2 payload with exactly one tweet in `data` and the includes that tweet refers to. */
export interface TwitterV2Line {
  data: JsonObject;
  includes?: JsonObject;
  matching_rules?: unknown[];
  [field: string]: unknown;
}

function keyed(includes: JsonObject | undefined, field: string, key: string): Map<string, JsonObject> {
  const map = new Map<string, JsonObject>();
  for (const item of arrayField(includes, field)) {
    if (isJsonObject(item) && typeof item[key] === 'string') map.set(item[key] as string, item);
  }
  return map;
}

/** True for a URL entity that only points at the tweet's own photo or video. */
function isMediaLink(entity: JsonObject): boolean {
  if (typeof entity.media_key === 'string') return true;
  const display = optionalString(entity, 'display_url') ?? '';
  return display.startsWith('pic.twitter.com/') || display.startsWith('pic.x.com/');
}

/** Expanded URLs of a v2 tweet: unwound_url, else expanded_url, else the t.co url; media links left out. */
export function twitterV2Urls(tweet: JsonObject): string[] {
  const urls = arrayField(objectField(tweet, 'entities'), 'urls').filter(isJsonObject);
  return uniqueStrings(
    urls.filter((u) => !isMediaLink(u)).map((u) => optionalString(u, 'unwound_url') ?? optionalString(u, 'expanded_url') ?? optionalString(u, 'url')),
  );
}

function fullText(tweet: JsonObject): string | null {
  return optionalString(objectField(tweet, 'note_tweet'), 'text') ?? optionalString(tweet, 'text');
}

/** Full text: the note tweet's text; for a retweet, `RT @user: ` + the full text of the retweeted tweet when includes carry it. */
function postText(tweet: JsonObject, record: string, includes: JsonObject | undefined): string {
  const own = fullText(tweet) ?? requireString(tweet, 'text', record, KIND);
  const retweeted = arrayField(tweet, 'referenced_tweets')
    .filter(isJsonObject)
    .find((r) => r.type === 'retweeted');
  if (!retweeted || typeof retweeted.id !== 'string') return own;
  const original = keyed(includes, 'tweets', 'id').get(retweeted.id);
  const originalText = original ? fullText(original) : null;
  if (!original || !originalText) return own;
  const author = keyed(includes, 'users', 'id').get(optionalString(original, 'author_id') ?? '');
  const prefix = own.match(/^RT @[^:]+: /)?.[0] ?? (author ? `RT @${String(author.username)}: ` : '');
  return prefix + originalText;
}

/** Media URLs of a v2 tweet through `includes.media`: `url` for photos, `preview_image_url` for videos and GIFs. */
export function twitterV2MediaUrls(tweet: JsonObject, includes: JsonObject | undefined): string[] {
  const keys = arrayField(objectField(tweet, 'attachments'), 'media_keys').filter((k): k is string => typeof k === 'string');
  if (keys.length === 0) return [];
  const media = keyed(includes, 'media', 'media_key');
  return uniqueStrings(keys.map((k) => optionalString(media.get(k), 'url') ?? optionalString(media.get(k), 'preview_image_url')));
}

/**
 * One v2 tweet → Post. `includes` resolves media and retweeted text; `payload` is stored whole.
 *
 * @example
 * const line = JSON.parse(streamLine);               // {data: {...}, includes: {...}, matching_rules: [...]}
 * twitterV2TweetToPost(line.data, line.includes, line, 'twitter-v2').expandedUrls;
 */
export function twitterV2TweetToPost(tweet: JsonObject, includes: JsonObject | undefined, payload: unknown, source: string): Post {
  const record = typeof tweet.id === 'string' ? tweet.id : '(no id)';
  const id = requireString(tweet, 'id', record, KIND);
  if (!/^\d+$/.test(id)) throw new DataError(`${KIND} ${id}: field "id" must be a decimal tweet id`, { record: id, field: 'id' });
  const post: Post = {
    id,
    createdAt: isoInstant(requireString(tweet, 'created_at', id, KIND), id, 'created_at', KIND),
    text: unescapeTweetText(postText(tweet, id, includes)),
    source,
    client: optionalString(tweet, 'source'),
    lang: optionalString(tweet, 'lang'),
    authorId: optionalString(tweet, 'author_id'),
    expandedUrls: twitterV2Urls(tweet),
    mediaUrls: twitterV2MediaUrls(tweet, includes),
    payload,
  };
  const refs = arrayField(tweet, 'referenced_tweets').filter(isJsonObject);
  if (refs.length > 0) post.referencedTweets = refs.map((r) => ({ type: String(r.type), id: String(r.id) }));
  return post;
}

/** The includes one tweet needs: its media, its author and the tweets it references (with their authors). */
function includesFor(tweet: JsonObject, includes: JsonObject | undefined): JsonObject | undefined {
  if (!includes) return undefined;
  const mediaKeys = new Set(arrayField(objectField(tweet, 'attachments'), 'media_keys'));
  const tweetIds = new Set(
    arrayField(tweet, 'referenced_tweets')
      .filter(isJsonObject)
      .map((r) => r.id),
  );
  const tweets = arrayField(includes, 'tweets').filter((t) => isJsonObject(t) && tweetIds.has(t.id)) as JsonObject[];
  const userIds = new Set([tweet.author_id, ...tweets.map((t) => t.author_id)]);
  const subset: JsonObject = {
    media: arrayField(includes, 'media').filter((m) => isJsonObject(m) && mediaKeys.has(m.media_key)),
    users: arrayField(includes, 'users').filter((u) => isJsonObject(u) && userIds.has(u.id)),
    tweets,
  };
  for (const key of Object.keys(subset)) if ((subset[key] as unknown[]).length === 0) delete subset[key];
  return subset;
}

/**
 * Splits a v2 response page (`data` is an array) into one line per tweet, each with only the includes it needs,
 * so every tweet travels as its own keyed record. A stream line (`data` is one tweet) comes back as it is.
 */
export function splitTwitterV2Page(page: JsonObject): TwitterV2Line[] {
  if (isJsonObject(page.data)) return [page as TwitterV2Line];
  const includes = objectField(page, 'includes');
  return arrayField(page, 'data')
    .filter(isJsonObject)
    .map((tweet) => {
      const line: TwitterV2Line = { data: tweet };
      const own = includesFor(tweet, includes);
      if (own && Object.keys(own).length > 0) line.includes = own;
      if (Array.isArray(page.matching_rules)) line.matching_rules = page.matching_rules;
      return line;
    });
}

/** Every tweet of a v2 payload (a stream line or a response page) → Posts. */
export function twitterV2ToPosts(payload: JsonObject, source: string): Post[] {
  return splitTwitterV2Page(payload).map((line) => twitterV2TweetToPost(line.data, line.includes, line, source));
}
