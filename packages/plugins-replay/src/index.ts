// Public API of @skimmer/plugins-replay: the replay Source, the file reader and the plugin.
export { default, default as replayPlugin, replayPluginConfig } from './plugin.ts';
export type { ReplayPluginConfig } from './plugin.ts';
export { replaySource } from './replaySource.ts';
export { checkedReplayFiles, replaySourceOptions, replaySourceProvider } from './replaySourceProvider.ts';
export type { ReplaySourceConfig } from './replaySourceProvider.ts';
export type { ReplaySourceOptions } from './replaySource.ts';
export { replayFileItems, replayFileItemBatches, jsonItems } from './replayRecords.ts';
export type { ReplayItem, ReplayFileOptions, ColumnMap } from './replayRecords.ts';
