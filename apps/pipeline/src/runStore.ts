// Opens the store a run records into: one a plugin registered, else `store:` from config.yaml (or an override), else PGlite in .skimmer/db next to the config.

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
 * The run's store. Precedence: `override` (tests: `{ dataDir: 'memory://' }`), a plugin's store, `store:` in the
 * config, then PGlite at `<config dir>/.skimmer/db` (a server when `DATABASE_URL` is set).
 */
export async function openRunStore(loaded: LoadedConfig, override: StoreSettings | undefined, logger: Logger): Promise<Store> {
  if (!override && loaded.registry.store) return loaded.registry.store;
  const settings: StoreSettings = override ?? loaded.config.store ?? (process.env.DATABASE_URL ? {} : { kind: 'pglite' });
  const dataDir = settings.dataDir?.startsWith('memory://')
    ? settings.dataDir
    : path.resolve(loaded.baseDir, settings.dataDir ?? path.join('.skimmer', settings.kind === 'embedded' ? 'postgres' : 'db'));
  const { openStore } = await import('@skimmer/plugins-postgres');
  return openStore({ ...settings, dataDir, logger });
}
