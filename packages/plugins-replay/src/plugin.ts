// The @skimmer/plugins-replay plugin: registers a replay Source (recorded files, optionally time-scaled) under TOKENS.Source.

import path from 'node:path';
import { z } from 'zod';
import { definePlugin, TOKENS } from '@skimmer/core';
import { replaySource } from './replaySource.ts';

/** Options under `plugins[i].options` in config.yaml. */
export const replayPluginConfig = z.object({
  /** Recorded files (relative to the config file), replayed in order. */
  files: z.array(z.string().min(1)).min(1),
  /** 0 = as fast as possible; 10 = ten times real time. */
  speed: z.number().min(0).default(0),
  /** Column names of CSV / flat JSON files, by Post field. */
  columns: z.partialRecord(z.enum(['id', 'text', 'created_at', 'lang', 'source', 'author_id', 'urls']), z.string()).optional(),
});

export type ReplayPluginConfig = z.infer<typeof replayPluginConfig>;

/**
 * Registers `TOKENS.Source` as a replay of the configured files.
 *
 * @example
 * // config.yaml: plugins: [{ name: '@skimmer/plugins-replay', options: { files: [data/stream.jsonl], speed: 10 } }]
 */
export default definePlugin<ReplayPluginConfig>({
  name: '@skimmer/plugins-replay',
  configSchema: replayPluginConfig,
  register(ctx) {
    const files = ctx.config.files.map((f) => path.resolve(ctx.baseDir, f));
    ctx.container.register(TOKENS.Source, { useValue: replaySource({ files, speed: ctx.config.speed, columns: ctx.config.columns }) });
  },
});
