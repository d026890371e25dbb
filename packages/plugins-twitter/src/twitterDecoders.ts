// The Twitter payload formats as PostDecoders, in the order decodePosts tries them: a v2 line or page, a v1.1 search
// page, a v1.1 status (an API error message, `errors`, is refused by core's decodePosts for every source).

import { isJsonObject } from '@skimmer/core';
import type { PostDecoder } from '@skimmer/core';
import { isTwitterV1Status, twitterV1StatusToPost } from './twitterV1Post.ts';
import { twitterV2ToPosts } from './twitterV2Post.ts';

const spec = (name: string) => ({ module: import.meta.url, export: name });

/** A v2 stream line or response page (`data`). */
export const twitterV2Decoder: PostDecoder = {
  spec: spec('twitterV2Decoder'),
  decode: (obj, source) => ('data' in obj ? twitterV2ToPosts(obj, source) : null),
};

/** A v1.1 search page (`statuses`). */
export const twitterV1SearchPageDecoder: PostDecoder = {
  spec: spec('twitterV1SearchPageDecoder'),
  decode: (obj, source) => (Array.isArray(obj.statuses) ? obj.statuses.filter(isJsonObject).map((s) => twitterV1StatusToPost(s, source)) : null),
};

/** One v1.1 status. */
export const twitterV1StatusDecoder: PostDecoder = {
  spec: spec('twitterV1StatusDecoder'),
  decode: (obj, source) => (isTwitterV1Status(obj) ? [twitterV1StatusToPost(obj, source)] : null),
};

/** Every Twitter decoder, in the order they are tried. */
export const twitterPostDecoders: readonly PostDecoder[] = [twitterV2Decoder, twitterV1SearchPageDecoder, twitterV1StatusDecoder];
