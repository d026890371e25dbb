// decodePosts keeps the JSON (bytes or text) of a record's payload object, so a store can write it without stringifying it again.
import { expect, test } from 'vitest';
import { decodePosts, payloadSource, payloadText } from '../../src/index.ts';
import { twitterPostDecoders } from '@skimmer/plugins-twitter';

const LINE = '{"data":{"id":"1","text":"hi","created_at":"2021-04-01T15:52:31.000Z"},"matching_rules":[{"id":"7","tag":"t"}]}';

test('a stream line decodes to a post whose payload text is the line itself', () => {
  const [post] = decodePosts(new TextEncoder().encode(LINE), 'twitter-v2', 'posts/0/1', undefined, twitterPostDecoders);
  expect(payloadText(post.payload)).toBe(LINE);
});

test('a record that came as bytes keeps those bytes as its payload source, a text record its text', () => {
  const bytes = new TextEncoder().encode(LINE);
  expect(payloadSource(decodePosts(bytes, 'twitter-v2', 'posts/0/1', undefined, twitterPostDecoders)[0].payload)).toBe(bytes);
  expect(payloadSource(decodePosts(LINE, 'twitter-v2', 'posts/0/2', undefined, twitterPostDecoders)[0].payload)).toBe(LINE);
});

test('bytes that start with a byte-order mark keep the text without it', () => {
  const [post] = decodePosts(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(LINE)]), 'twitter-v2', 'posts/0/3', undefined, twitterPostDecoders);
  expect(payloadSource(post.payload)).toBe(LINE);
});

test('payloads split out of a page, and values built in code, have no text', () => {
  const page = '{"data":[{"id":"1","text":"a","created_at":"2021-04-01T15:52:31.000Z"},{"id":"2","text":"b","created_at":"2021-04-01T15:52:32.000Z"}]}';
  expect(decodePosts(page, 'twitter-v2', 'p', undefined, twitterPostDecoders).map((p) => payloadText(p.payload))).toEqual([undefined, undefined]);
  expect(payloadText({ data: { id: '1' } })).toBeUndefined();
  expect(payloadText(null)).toBeUndefined();
});
