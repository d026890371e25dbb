// Public API of @skimmer/plugins-twitter: the v2 filtered-stream Source, rule sync, the base-URL plugin, the v2 / v1.1 payload decoders and the plugin.
export { default, default as twitterPlugin, twitterPluginConfig } from './plugin.ts';
export type { TwitterPluginConfig } from './plugin.ts';
export { twitterStreamSource, reconnectDelay, defaultReconnectDelayMs } from './twitterStreamSource.ts';
export type { TwitterStreamOptions } from './twitterStreamSource.ts';
export { twitterSourceOptions, twitterSourceProvider } from './twitterSourceProvider.ts';
export type { TwitterSourceConfig } from './twitterSourceProvider.ts';
export { syncStreamRules } from './streamRules.ts';
export type { StreamRule } from './streamRules.ts';
export { apiBaseUrlPlugin, DEFAULT_API_BASE } from './apiBaseUrl.ts';
export { STREAM_FIELDS } from './streamFields.ts';
export { twitterPostDecoders, twitterV2Decoder, twitterV1SearchPageDecoder, twitterV1StatusDecoder } from './twitterDecoders.ts';
export { twitterV2ToPosts, twitterV2TweetToPost, splitTwitterV2Page, twitterV2Urls, twitterV2MediaUrls } from './twitterV2Post.ts';
export type { TwitterV2Line } from './twitterV2Post.ts';
export { isTwitterV1Status, twitterV1StatusToPost } from './twitterV1Post.ts';
