// Specification of the links rowToPost takes from a row: whole URLs only, never the truncated fragments of retweet text.

import { expect, test } from 'vitest';
import { rowToPost } from '../../src/ingest/rowPost.ts';

const post = (text: string, urls?: string) =>
  rowToPost({ id: '1', text, created_at: '2023-04-27T17:35:29Z', ...(urls === undefined ? {} : { urls }) }, 'replay:test.csv');

test('a URL cut off with … in retweet text is not a link; the whole ones are kept', () => {
  expect(post('RT x https://t… and http://a.b/c').expandedUrls).toEqual(['http://a.b/c']);
  expect(post('RT @ai: new model https://t.co/AbC… more https://t.co/xyz').expandedUrls).toEqual(['https://t.co/xyz']);
});

test('a fragment that is not a URL with a dotted host is not a link', () => {
  expect(post('see https://t and http://localhost/x and https://[bad and https://example.org/a?b=1').expandedUrls).toEqual(['https://example.org/a?b=1']);
});

test('a URL column is filtered the same way', () => {
  expect(post('text', "['https://t…', 'https://x.ai/p', 'https://x.ai/p']").expandedUrls).toEqual(['https://x.ai/p']);
});
