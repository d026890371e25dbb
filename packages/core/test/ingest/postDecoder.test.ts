// Specification of the payload-decoder contract: decoders tried in order, flat rows and error envelopes without any,
// and decoders loaded by their specs (as decode workers load them).

import { describe, expect, test } from 'vitest';
import { ConfigError, DataError, decodePosts, loadPostDecoders } from '@skimmer/core';
import type { PostDecoder } from '@skimmer/core';
import { labelDecoder, otherDecoder } from '../fixtures/testPostDecoders.ts';

const LABEL = '{"label":"x","id":"5","text":"t","created_at":"2023-01-01T00:00:00Z"}';

describe('decodePosts with decoders', () => {
  test('the first decoder that takes the object decodes it; one that returns null passes it on', () => {
    const [post] = decodePosts(LABEL, 'bus', 'r', undefined, [otherDecoder, labelDecoder]);
    expect([post.id, post.text, post.source]).toEqual(['label:5', 'x', 'bus']);
  });

  test('without decoders an object is a flat row, whatever its fields say', () => {
    expect(decodePosts(LABEL, 'bus', 'r')[0].id).toBe('5');
  });

  test('an error envelope is a DataError with or without decoders', () => {
    for (const decoders of [[], [labelDecoder]] as PostDecoder[][]) {
      expect(() => decodePosts('{"errors":[{"title":"x"}]}', 'bus', 'r/1', undefined, decoders)).toThrow(DataError);
    }
    expect(() => decodePosts('{"errors":[{"title":"x"}]}', 'bus', 'r/1')).toThrow('record r/1: an API error message, not a post: [{"title":"x"}]');
  });
});

describe('flat rows', () => {
  test('a row is read by well-known column names, case and spacing ignored', () => {
    const [post] = decodePosts('{"Tweet_ID":"7","Tweet":"see https://a.example/x","Created At":"2023-04-27 17:35:29 UTC"}', 'replay:a.csv', 'row 1');
    expect([post.id, post.text, post.createdAt, post.expandedUrls]).toEqual([
      '7',
      'see https://a.example/x',
      '2023-04-27T17:35:29.000Z',
      ['https://a.example/x'],
    ]);
  });

  test('a row without a text column is a DataError listing the columns tried', () => {
    expect(() => decodePosts('{"id":"7","created_at":"2023-01-01"}', 'replay:a.csv', 'row 1')).toThrow(
      'row row 1: no text column (tried full_text, text, tweet, content, tweets)',
    );
  });
});

describe('loadPostDecoders', () => {
  test('loads the decoders their specs name, in order', async () => {
    expect(await loadPostDecoders([labelDecoder.spec, otherDecoder.spec])).toEqual([labelDecoder, otherDecoder]);
  });

  test('a spec whose export is no decoder is a ConfigError naming module and export', async () => {
    const spec = { module: labelDecoder.spec.module, export: 'notADecoder' };
    const error = await loadPostDecoders([spec]).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(`decoders: ${spec.module} exports no PostDecoder named notADecoder`);
  });
});
