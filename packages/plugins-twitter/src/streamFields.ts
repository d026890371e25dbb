// The fields and expansions the v2 filtered stream is asked for, so every post carries what the Post normaliser reads.

import type { Tweetv2FieldsParams } from 'twitter-api-v2';

/** Query of the filtered-stream request: tweet fields, expansions (media, author, referenced tweets) and media fields. */
export const STREAM_FIELDS: Pick<Tweetv2FieldsParams, 'tweet.fields' | 'expansions' | 'media.fields' | 'user.fields'> = {
  'tweet.fields': [
    'created_at',
    'lang',
    'source',
    'author_id',
    'entities',
    'attachments',
    'referenced_tweets',
    'note_tweet',
    'conversation_id',
    'public_metrics',
    'possibly_sensitive',
  ],
  expansions: ['author_id', 'attachments.media_keys', 'referenced_tweets.id', 'referenced_tweets.id.author_id'],
  'media.fields': ['url', 'preview_image_url', 'type', 'variants'],
  'user.fields': ['username', 'name'],
};
