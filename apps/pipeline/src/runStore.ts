// Opens the store a run records into: one a plugin registered, else `store:` from config.yaml (or an override) through the default store plugin's StoreProvider.

import { ConfigError, type Logger, type Store } from '@skimmer/core';
import type { LoadedConfig } from './config/loadConfig.ts';
import { createLogger } from './logger.ts';
import { loadPlugins } from './plugins/pluginRegistry.ts';
import { defaultPluginsFor } from './project/defaultPlugins.ts';

/** Store settings as in config.yaml's `store:` section. */
export interface StoreSettings {
  readonly url?: string;
  readonly dataDir?: string;
  readonly kind?: 'pglite' | 'embedded' | 'server';
}

/**
 * Opens the store that config.yaml's `store:` names, the same way for every command, through the StoreProvider of
 * the default store plugin (imported by name): without `kind`, `url` or `$DATABASE_URL` it is embedded Postgres,
 * and a relative or default `dataDir` is relative to the config file's directory (postgresStoreProvider).
 */
export async function openConfiguredStore(settings: StoreSettings | undefined, baseDir: string, logger?: Logger): Promise<Store> {
  const quiet = logger ?? createLogger('silent');
  const registry = await loadPlugins([], { file: 'store', baseDir, logger: quiet, defaults: defaultPluginsFor(['store']) });
  if (!registry.storeProvider) throw new ConfigError('store', 'no default plugin provides a store');
  return registry.storeProvider.open(settings ?? {}, { logger: quiet, baseDir, configFile: '', configPath: 'store', env: process.env });
}

/**
 * The run's store. Precedence: `override` (tests: `{ dataDir: 'memory://' }`), a plugin's store, `store:` in the
 * config, then the default of `openConfiguredStore`.
 */
export async function openRunStore(loaded: LoadedConfig, override: StoreSettings | undefined, logger: Logger): Promise<Store> {
  if (!override && loaded.registry.store) return loaded.registry.store;
  return openConfiguredStore(override ?? loaded.config.store, loaded.baseDir, logger);
}
