// Opens the store a run records into: one a plugin registered, else `store:` from config.yaml (or an override), else embedded Postgres in .skimmer/postgres next to the config.

import path from 'node:path';
import type { Logger, Store } from '@skimmer/core';
import type { LoadedConfig } from './config/loadConfig.ts';

/** Store settings as in config.yaml's `store:` section. */
export interface StoreSettings {
  readonly url?: string;
  readonly dataDir?: string;
  readonly kind?: 'pglite' | 'embedded' | 'server';
}

/**
 * Opens the store that config.yaml's `store:` names, the same way for every command, so that stages run from
 * any directory share one database. Without `kind`, `url` or `$DATABASE_URL` it is embedded Postgres, which every
 * process on the data dir shares (serve while `run` retrains; docs/decisions.md); a relative or default `dataDir`
 * (`.skimmer/postgres`, or `.skimmer/db` for `kind: pglite`) is relative to the config file's directory.
 */
export async function openConfiguredStore(settings: StoreSettings | undefined, baseDir: string, logger?: Logger): Promise<Store> {
  const given = settings ?? {};
  const kind = given.kind ?? (given.url || process.env.DATABASE_URL ? undefined : 'embedded');
  const dataDir = given.dataDir?.startsWith('memory://')
    ? given.dataDir
    : path.resolve(baseDir, given.dataDir ?? path.join('.skimmer', kind === 'pglite' ? 'db' : 'postgres'));
  const { openStore } = await import('@skimmer/plugins-postgres');
  return openStore({ ...given, kind, dataDir, logger });
}

/**
 * The run's store. Precedence: `override` (tests: `{ dataDir: 'memory://' }`), a plugin's store, `store:` in the
 * config, then the default of `openConfiguredStore`.
 */
export async function openRunStore(loaded: LoadedConfig, override: StoreSettings | undefined, logger: Logger): Promise<Store> {
  if (!override && loaded.registry.store) return loaded.registry.store;
  return openConfiguredStore(override ?? loaded.config.store, loaded.baseDir, logger);
}
