// Specification of the payload normalisers on real recorded Twitter v2 and v1.1 data.

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { DataError, decodePosts, datasetPath } from '@skimmer/core';
import { splitTwitterV2Page } from '../src/twitterV2Post.ts';
import { twitterV1StatusToPost } from '../src/twitterV1Post.ts';
import { twitterPostDecoders } from '../src/twitterDecoders.ts';

const v2Lines = (file: string): string[] =>
  readFileSync(datasetPath('twitter-v2-twarc-csv', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
const v1Statuses = readFileSync(datasetPath('twitter-v1.1-tweet-parser', 'original_format_examples.json'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('Twitter v2 stream lines', () => {
  test('a filtered-stream line becomes a Post with client, lang, author, URLs, media and referenced tweets', () => {
    const [post] = decodePosts(v2Lines('streaming_output_with_error.jsonl')[0], 'twitter-v2', 'line 1', undefined, twitterPostDecoders);
    expect({ ...post, payload: undefined }).toEqual({
      id: '1377650090978992134',
      createdAt: '2021-04-01T15:52:31.000Z',
      text: 'Fury https://t.co/YbMgHU5xRX https://t.co/tXgDG9jrKX',
      source: 'twitter-v2',
      client: 'Twitter for Android',
      lang: 'en',
      authorId: '4602771083',
      expandedUrls: ['https://twitter.com/Manie_DS/status/1377640162566496258'],
      mediaUrls: ['https://pbs.twimg.com/media/Ex5ldKwXEAEnEnI.jpg'],
      referencedTweets: [{ type: 'quoted', id: '1377640162566496258' }],
      payload: undefined,
    });
  });

  test('the payload keeps the matching rules of the stream line', () => {
    const [post] = decodePosts(v2Lines('streaming_output_with_error.jsonl')[0], 'twitter-v2', 'line 1', undefined, twitterPostDecoders);
    expect((post.payload as { matching_rules: unknown[] }).matching_rules).toHaveLength(1);
  });

  test('a video contributes its preview image through includes.media', () => {
    const [post] = decodePosts(v2Lines('media_tweet.jsonl')[0], 'twitter-v2', 'page 1', undefined, twitterPostDecoders);
    expect(post.mediaUrls).toEqual(['https://pbs.twimg.com/ext_tw_video_thumb/1558552952549277696/pu/img/7VaQu-AvReI8RHkv.jpg']);
  });

  test('the invalid last line of streaming_output_with_error.jsonl is a DataError naming the record', () => {
    const lines = v2Lines('streaming_output_with_error.jsonl');
    expect(() => decodePosts(lines[lines.length - 1], 'twitter-v2', 'posts/0/7', undefined, twitterPostDecoders)).toThrow(DataError);
    expect(() => decodePosts(lines[lines.length - 1], 'twitter-v2', 'posts/0/7', undefined, twitterPostDecoders)).toThrow(
      /^record posts\/0\/7: value is not valid JSON/,
    );
  });

  test('a tweet without created_at is a DataError naming the tweet and the field', () => {
    expect(() => decodePosts('{"data":{"id":"42","text":"hi"}}', 'twitter-v2', 'r', undefined, twitterPostDecoders)).toThrow(
      'Twitter v2 tweet 42: field "created_at" must be a non-empty string, got nothing',
    );
  });

  test('a retweet carries the full text of the retweeted tweet from includes', () => {
    const page = JSON.parse(v2Lines('two_tweets.jsonl')[0]);
    const posts = decodePosts(JSON.stringify(page), 'twitter-v2', 'page', undefined, twitterPostDecoders);
    const retweet = posts.find((p) => p.referencedTweets?.[0]?.type === 'retweeted' && p.text.length > 0)!;
    expect(retweet.text.startsWith('RT @')).toBe(true);
  });
});

describe('Twitter v2 response pages', () => {
  test('a page of 100 tweets splits into 100 single-tweet lines, each with only its own includes', () => {
    const page = JSON.parse(v2Lines('brexit.jsonl')[0]);
    const lines = splitTwitterV2Page(page);
    expect(lines).toHaveLength(100);
    expect(lines.every((l) => (l.includes?.users as Array<{ id: string }> | undefined)?.some((u) => u.id === l.data.author_id) ?? false)).toBe(true);
  });
});

describe('Twitter v1.1 statuses', () => {
  test('an extended tweet yields extended_tweet.full_text, not the truncated text', () => {
    const extended = v1Statuses.find((s) => 'extended_tweet' in s)!;
    const post = twitterV1StatusToPost(extended, 'replay:v1');
    expect(post.text).toBe((extended.extended_tweet as { full_text: string }).full_text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
  });

  test('two photos give two media URLs, and the client is the text of the source link', () => {
    const post = twitterV1StatusToPost(v1Statuses.find((s) => s.id_str === '867833721579122688')!, 'replay:v1');
    expect(post.mediaUrls).toEqual(['https://pbs.twimg.com/media/DAsp3A6XUAITXbX.jpg', 'https://pbs.twimg.com/media/DAsqKNDXsAAgcYI.jpg']);
    expect(post.client).toBe('Twitter Web Client');
  });

  test('a retweet is marked as such and keeps the original text', () => {
    const post = twitterV1StatusToPost(v1Statuses.find((s) => s.id_str === '867478524235366400')!, 'replay:v1');
    expect(post.text).toBe(
      "RT @notFromShrek: Since I feel like I shouldn't be someone who is condescending on the internet without offering a little help: https://t.co/bN4xcn4l2n",
    );
    expect(post.referencedTweets?.[0].type).toBe('retweeted');
  });

  test('HTML-escaped characters in the text come back as characters', () => {
    const post = twitterV1StatusToPost(v1Statuses.find((s) => s.id_str === '867472736871866368')!, 'replay:v1');
    expect(post.text.startsWith('@notFromShrek @ericmbudd G) 140 chars & replies.')).toBe(true);
  });
});
