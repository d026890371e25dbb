// The postgres StoreProvider: config.yaml's `store:` section opens a PGlite, embedded-server or server store, relative paths against the config's folder.

import path from 'node:path';
import { z } from 'zod';
import type { Store, StoreProvider } from '@skimmer/core';
import { openStore } from './openStore.ts';

/** The `store:` section (also the plugin's options). */
export const storeOptionsSchema = z.object({
  /** postgres://… of a server (default `$DATABASE_URL`). */
  url: z.string().min(1).optional(),
  /** Data directory of the embedded backends, relative to the config file; `memory://` for PGlite in memory. */
  dataDir: z.string().min(1).optional(),
  kind: z.enum(['pglite', 'embedded', 'server']).optional(),
});

export type StoreOptions = z.infer<typeof storeOptionsSchema>;

/**
 * Registered by the plugin: without `kind`, `url` or `$DATABASE_URL` it is embedded Postgres, which every process on
 * the data dir shares; a relative or default `dataDir` (`.skimmer/postgres`, or `.skimmer/db` for `kind: pglite`) is
 * relative to the config file's directory, so commands run from any directory share one database.
 */
export const postgresStoreProvider: StoreProvider<StoreOptions> = {
  name: '@skimmer/plugins-postgres',
  optionsSchema: storeOptionsSchema,
  open(options, ctx): Promise<Store> {
    const kind = options.kind ?? (options.url || ctx.env.DATABASE_URL ? undefined : 'embedded');
    const dataDir = options.dataDir?.startsWith('memory://')
      ? options.dataDir
      : path.resolve(ctx.baseDir, options.dataDir ?? path.join('.skimmer', kind === 'pglite' ? 'db' : 'postgres'));
    return openStore({ ...options, kind, dataDir, logger: ctx.logger });
  },
};
