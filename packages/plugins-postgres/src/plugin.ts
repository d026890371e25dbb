// The @skimmer/plugins-postgres plugin: registers the postgres StoreProvider (`store:`), and a lazily opened Store under TOKENS.Store.

import path from 'node:path';
import { z } from 'zod';
import { definePlugin, registerStoreProvider, TOKENS } from '@skimmer/core';
import { lazyStore } from './lazyStore.ts';
import { openStore, resolveStoreKind } from './openStore.ts';
import { postgresStoreProvider } from './postgresStoreProvider.ts';

/** Options under `plugins[i].options` in config.yaml. */
export const postgresPluginConfig = z.object({
  /** postgres://… of a server (default `$DATABASE_URL`). */
  url: z.string().url().optional(),
  /** Data directory of the embedded backends, relative to the config file; `memory://` for PGlite in memory. */
  dataDir: z.string().min(1).optional(),
  kind: z.enum(['pglite', 'embedded', 'server']).optional(),
});

export type PostgresPluginConfig = z.infer<typeof postgresPluginConfig>;

/**
 * Registers `TOKENS.Store`: a Store that opens (and migrates) the database on first use; close it when done.
 *
 * @example
 * // config.yaml: plugins: [{ name: '@skimmer/plugins-postgres', options: { kind: embedded } }]
 * const store = container.resolve<Store>(TOKENS.Store);
 * await store.posts.countPosts();
 */
export default definePlugin<PostgresPluginConfig>({
  name: '@skimmer/plugins-postgres',
  configSchema: postgresPluginConfig,
  register(ctx) {
    registerStoreProvider(ctx.container, postgresStoreProvider);
    const { url, kind } = ctx.config;
    const dataDir = ctx.config.dataDir && !ctx.config.dataDir.startsWith('memory://') ? path.resolve(ctx.baseDir, ctx.config.dataDir) : ctx.config.dataDir;
    const options = { url, dataDir, kind, logger: ctx.logger };
    ctx.container.register(TOKENS.Store, { useValue: lazyStore(resolveStoreKind(options, `${ctx.configPath}.options`).kind, () => openStore(options)) });
  },
});
