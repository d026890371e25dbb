// decodePosts keeps the JSON text of a record's payload object, so a store can write it without stringifying it again.
import { expect, test } from 'vitest';
import { decodePosts, payloadText } from '../../src/index.ts';

const LINE = '{"data":{"id":"1","text":"hi","created_at":"2021-04-01T15:52:31.000Z"},"matching_rules":[{"id":"7","tag":"t"}]}';

test('a stream line decodes to a post whose payload text is the line itself', () => {
  const [post] = decodePosts(new TextEncoder().encode(LINE), 'twitter-v2', 'posts/0/1');
  expect(payloadText(post.payload)).toBe(LINE);
});

test('payloads split out of a page, and values built in code, have no text', () => {
  const page = '{"data":[{"id":"1","text":"a","created_at":"2021-04-01T15:52:31.000Z"},{"id":"2","text":"b","created_at":"2021-04-01T15:52:32.000Z"}]}';
  expect(decodePosts(page, 'twitter-v2', 'p').map((p) => payloadText(p.payload))).toEqual([undefined, undefined]);
  expect(payloadText({ data: { id: '1' } })).toBeUndefined();
  expect(payloadText(null)).toBeUndefined();
});
