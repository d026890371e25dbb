// The one rule by which every pipeline command opens its store: a plugin's Store, a listed store plugin's options, `store:`, the embedded default.

import { ConfigError, TOKENS, type Logger, type Store, type StoreProvider } from '@skimmer/core';
import type { LoadedConfig } from './config/loadConfig.ts';
import { parseConfigValue } from './config/configIssues.ts';
import type { LocatedYaml } from './config/yamlLocation.ts';
import { createLogger } from './logger.ts';
import { loadPlugins, type PluginRegistry } from './plugins/pluginRegistry.ts';
import type { Project } from './project/loadProject.ts';
import { defaultPluginsFor } from './project/defaultPlugins.ts';

/** Store settings as in config.yaml's `store:` section. */
export interface StoreSettings {
  readonly url?: string;
  readonly dataDir?: string;
  readonly kind?: 'pglite' | 'embedded' | 'server';
}

/** What of a config the rule reads; `storeConfigOf` takes it from a loaded config or project. */
export interface StoreConfig {
  /** The config path as the user gave it (messages). */
  readonly file: string;
  /** The config's directory: relative paths resolve against it. */
  readonly baseDir: string;
  readonly located?: LocatedYaml;
  /** The listed plugins, loaded (absent: none listed). */
  readonly registry?: PluginRegistry;
  /** `plugins:` as written, in the order of `registry.plugins`. */
  readonly plugins?: readonly unknown[];
  /** `store:` as written (absent: undefined). */
  readonly store?: unknown;
}

/** The store part of a config loaded by `loadConfig` (run, iterate, export, …) or `loadProject` (serve, ingest, …). */
export function storeConfigOf(from: LoadedConfig | Project): StoreConfig {
  if ('doc' in from) {
    const { doc } = from;
    const plugins = Array.isArray(doc.value.plugins) ? (doc.value.plugins as unknown[]) : [];
    return { file: doc.file, baseDir: doc.baseDir, located: doc.located, registry: from.registry, plugins, store: doc.value.store };
  }
  const { file, baseDir, located, registry } = from;
  return { file, baseDir, located, registry, plugins: from.config.plugins ?? [], store: from.config.store };
}

/** The last listed plugin that registered a StoreProvider, with its index under `plugins:` and its options. */
function listedStorePlugin(config: StoreConfig): { index: number; options: unknown } | undefined {
  const listed = config.plugins ?? [];
  for (let i = listed.length - 1; i >= 0; i--) {
    if (!config.registry?.plugins[i]?.container.isRegistered(TOKENS.StoreProvider)) continue;
    const entry = listed[i];
    return { index: i, options: typeof entry === 'object' && entry !== null ? (entry as { options?: unknown }).options : undefined };
  }
  return undefined;
}

/** True when the config names a store: a plugin's Store, a listed store plugin, or a `store:` section. */
export function describesStore(config: StoreConfig): boolean {
  return config.registry?.store !== undefined || listedStorePlugin(config) !== undefined || config.store !== undefined;
}

/** The StoreProvider of a listed plugin, else the default store plugin's (imported by name only now, when a store opens). */
async function storeProviderOf(config: StoreConfig, logger: Logger): Promise<StoreProvider<unknown>> {
  if (config.registry?.storeProvider) return config.registry.storeProvider;
  const defaults = await loadPlugins([], { file: config.file, baseDir: config.baseDir, logger, defaults: defaultPluginsFor(['store']) });
  if (!defaults.storeProvider) throw new ConfigError('store', 'no plugin provides a store (list one under `plugins:`, e.g. @skimmer/plugins-postgres)');
  return defaults.storeProvider;
}

/**
 * Opens the command's store. First match wins: `override` (tests: `{ dataDir: 'memory://' }`); a `Store` a listed
 * plugin registered under TOKENS.Store (one that also registers a StoreProvider is a store plugin: next rule); the
 * last listed store plugin's options (`plugins: [{ name: '@skimmer/plugins-postgres', options }]`); `store:`; `{}`,
 * the provider's default (embedded Postgres in `.skimmer/postgres` next to the config). The options go through the
 * listed store plugin's StoreProvider, else the default store plugin's, validated with file, YAML path and line.
 * The caller closes the store.
 *
 * @example
 * const store = await openProjectStore(storeConfigOf(loaded), { logger });
 */
export async function openProjectStore(config: StoreConfig, options: { logger?: Logger; override?: StoreSettings } = {}): Promise<Store> {
  const logger = options.logger ?? createLogger('silent');
  if (!options.override && config.registry?.store) return config.registry.store;
  const plugin = listedStorePlugin(config);
  let chosen: { value: unknown; path: PropertyKey[] } = { value: config.store ?? {}, path: ['store'] };
  if (options.override) chosen = { value: options.override, path: ['store'] };
  else if (plugin?.options !== undefined) {
    if (config.store !== undefined) logger.warn(`${config.file}: store: is not used: plugins[${plugin.index}].options name the store`);
    chosen = { value: plugin.options, path: ['plugins', plugin.index, 'options'] };
  }
  const provider = await storeProviderOf(config, logger);
  const settings = parseConfigValue(provider.optionsSchema, chosen.value, { file: config.file, located: config.located, path: chosen.path });
  return provider.open(settings, { logger, baseDir: config.baseDir, configFile: config.file, configPath: chosen.path.join('.'), env: process.env });
}
