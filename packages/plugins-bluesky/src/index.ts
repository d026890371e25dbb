// Public API of @skimmer/plugins-bluesky: the Jetstream Source, its options, the frame normaliser and the plugin.
export { default, default as blueskyPlugin, blueskySourceProvider } from './plugin.ts';
export { jetstreamSource, subscribeUrl, BLUESKY_SOURCE } from './jetstreamSource.ts';
export type { JetstreamSource, JetstreamSourceDeps, JetstreamStats } from './jetstreamSource.ts';
export { blueskySourceOptions, DEFAULT_JETSTREAM_ENDPOINT, POST_COLLECTION } from './options.ts';
export type { BlueskySourceOptions, BlueskySourceInput } from './options.ts';
export { classifyFrame } from './jetstreamFrame.ts';
export type { BlueskyPostRow, FrameOutcome, PostLink, SkipReason } from './jetstreamFrame.ts';
export { postFilter } from './postFilter.ts';
export { backoffDelay } from './backoff.ts';
