// The @skimmer/plugins-replay plugin: registers the replay SourceProvider (`ingest.source.type: replay`), and a replay Source when its options name files.

import path from 'node:path';
import { z } from 'zod';
import { definePlugin, registerSourceProvider, TOKENS } from '@skimmer/core';
import { replaySource } from './replaySource.ts';
import { replaySourceProvider } from './replaySourceProvider.ts';

/** Options under `plugins[i].options` in config.yaml (none: the plugin only provides the `replay` source type). */
export const replayPluginConfig = z.object({
  /** Recorded files (relative to the config file), replayed in order. */
  files: z.array(z.string().min(1)).min(1).optional(),
  /** 0 = as fast as possible; 10 = ten times real time. */
  speed: z.number().min(0).default(0),
  /** Column names of CSV / flat JSON files, by Post field. */
  columns: z.partialRecord(z.enum(['id', 'text', 'created_at', 'lang', 'source', 'author_id', 'urls']), z.string()).optional(),
});

export type ReplayPluginConfig = z.infer<typeof replayPluginConfig>;

/**
 * Registers the `replay` SourceProvider; with `files` in its options also `TOKENS.Source`, a replay of those files.
 *
 * @example
 * // config.yaml: plugins: [{ name: '@skimmer/plugins-replay', options: { files: [data/stream.jsonl], speed: 10 } }]
 */
export default definePlugin<ReplayPluginConfig>({
  name: '@skimmer/plugins-replay',
  configSchema: replayPluginConfig,
  register(ctx) {
    registerSourceProvider(ctx.container, replaySourceProvider);
    if (!ctx.config?.files) return;
    const files = ctx.config.files.map((f) => path.resolve(ctx.baseDir, f));
    ctx.container.register(TOKENS.Source, { useValue: replaySource({ files, speed: ctx.config.speed, columns: ctx.config.columns }) });
  },
});
