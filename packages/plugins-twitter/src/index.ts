// Public API of @skimmer/plugins-twitter: the v2 filtered-stream Source, rule sync, the base-URL plugin and the plugin.
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
