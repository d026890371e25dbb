// Loads the configured plugins (and the default ones) into one child tsyringe container each and indexes what they registered: LF, source, bus and store providers, LFs, classifiers, payload decoders.

import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { postDecodersOf, TOKENS } from '@skimmer/core';
import type {
  BusProvider,
  ClassifierFactory,
  LabelingFunction,
  LFProvider,
  Logger,
  PostDecoder,
  SkimmerPlugin,
  SourceProvider,
  Store,
  StoreProvider,
} from '@skimmer/core';
import { configErrorAt, parseConfigValue, type ConfigSite } from '../config/configIssues.ts';
import type { LocatedYaml } from '../config/yamlLocation.ts';
import { importPlugin } from './importPlugin.ts';

/** One plugin as listed in config.yaml: a name, or `{ name, options }`. */
export type PluginEntry = string | { name: string; options?: unknown };

/** What all plugins registered, gathered from their child containers. */
export interface PluginRegistry {
  /** The pipeline's container; each plugin's container is a child of it. */
  readonly container: DependencyContainer;
  readonly plugins: readonly { readonly name: string; readonly container: DependencyContainer }[];
  /** LF providers by the `type:` they handle. */
  readonly lfProviders: ReadonlyMap<string, LFProvider<unknown>>;
  /** LFs registered in code, with the plugin that registered them and its index under `plugins:`. */
  readonly codeLFs: readonly { readonly plugin: string; readonly entry: number; readonly lfs: readonly LabelingFunction[] }[];
  /** Classifier factories by type. */
  readonly classifiers: ReadonlyMap<string, ClassifierFactory<unknown>>;
  /** The Store registered by a listed plugin that registers no StoreProvider (the last one wins), if any. */
  readonly store?: Store;
  /** Source providers by the `ingest.source.type` they handle. */
  readonly sourceProviders: ReadonlyMap<string, SourceProvider<unknown>>;
  /** Bus providers by the `ingest.bus.type` they handle. */
  readonly busProviders: ReadonlyMap<string, BusProvider<unknown>>;
  /** The store provider of `store:` (a listed plugin's, else a default plugin's). */
  readonly storeProvider?: StoreProvider<unknown>;
  /** The payload formats the plugins registered, listed plugins' first, each plugin's in its order. */
  readonly decoders: readonly PostDecoder[];
}

function resolveAllOwn<T>(child: DependencyContainer, token: symbol): T[] {
  return child.isRegistered(token) ? child.resolveAll<T>(token) : [];
}

export interface LoadPluginsOptions {
  readonly file: string;
  readonly located?: LocatedYaml;
  readonly baseDir: string;
  readonly logger: Logger;
  /** Plugin packages loaded after the listed ones (unless listed), without options: they add providers only. */
  readonly defaults?: readonly string[];
  /** Providers registered before any plugin (built-ins such as the in-process bus). */
  readonly builtins?: { readonly buses?: readonly BusProvider<unknown>[] };
}

/**
 * Imports and registers each plugin (options validated by its `configSchema`, once) and indexes its registrations.
 * Two plugins providing the same LF type is a ConfigError naming the second.
 *
 * @example
 * const registry = await loadPlugins(['@skimmer/plugins-regex', { name: './myLfs.ts' }], { file: 'config.yaml', baseDir, logger });
 * registry.lfProviders.get('regex'); // the regex provider
 */
export async function loadPlugins(entries: readonly PluginEntry[], options: LoadPluginsOptions): Promise<PluginRegistry> {
  const container = rootContainer.createChildContainer();
  const plugins: { name: string; container: DependencyContainer }[] = [];
  const lfProviders = new Map<string, LFProvider<unknown>>();
  const codeLFs: { plugin: string; entry: number; lfs: readonly LabelingFunction[] }[] = [];
  const classifiers = new Map<string, ClassifierFactory<unknown>>();
  let store: Store | undefined;
  const sourceProviders = new Map<string, SourceProvider<unknown>>();
  const busProviders = new Map<string, BusProvider<unknown>>();
  const decoders: PostDecoder[] = [];
  for (const bus of options.builtins?.buses ?? []) {
    BUILTIN.add(bus);
    busProviders.set(bus.type, bus);
  }
  let storeProvider: StoreProvider<unknown> | undefined;
  let defaultStoreProvider: StoreProvider<unknown> | undefined;
  const listed = new Set(entries.map((entry) => (typeof entry === 'string' ? entry : entry.name)));
  const defaults = (options.defaults ?? []).filter((name) => !listed.has(name));
  for (const [i, entry] of [...entries, ...defaults].entries()) {
    const isDefault = i >= entries.length;
    const name = typeof entry === 'string' ? entry : entry.name;
    const site: ConfigSite = isDefault
      ? { file: options.file, path: ['plugins'] }
      : { file: options.file, located: options.located, path: typeof entry === 'string' ? ['plugins', i] : ['plugins', i, 'name'] };
    const plugin: SkimmerPlugin<unknown> = await importPlugin(name, options.baseDir, site);
    const rawOptions = typeof entry === 'string' ? undefined : entry.options;
    if (isDefault && plugins.some((p) => p.name === plugin.name)) continue;
    const config = plugin.configSchema
      ? parseConfigValue(plugin.configSchema, rawOptions ?? {}, { file: options.file, located: options.located, path: ['plugins', i, 'options'] })
      : rawOptions;
    const child = container.createChildContainer();
    await plugin.register({ container: child, config, logger: options.logger, configPath: `plugins[${i}]`, baseDir: options.baseDir });
    plugins.push({ name: plugin.name, container: child });
    for (const provider of resolveAllOwn<LFProvider<unknown>>(child, TOKENS.LFProvider)) {
      if (lfProviders.has(provider.type)) throw configErrorAt(site, [], `LF type "${provider.type}" is already provided by another plugin`);
      lfProviders.set(provider.type, provider);
    }
    for (const lfs of resolveAllOwn<readonly LabelingFunction[]>(child, TOKENS.LabelingFunctions)) codeLFs.push({ plugin: plugin.name, entry: i, lfs });
    for (const factory of resolveAllOwn<ClassifierFactory<unknown>>(child, TOKENS.Classifier)) classifiers.set(factory.type, factory);
    indexByType(sourceProviders, resolveAllOwn<SourceProvider<unknown>>(child, TOKENS.SourceProvider), isDefault, 'source', site);
    indexByType(busProviders, resolveAllOwn<BusProvider<unknown>>(child, TOKENS.BusProvider), isDefault, 'bus', site);
    for (const decoder of postDecodersOf(child)) decoders.push(decoder);
    const stores = resolveAllOwn<StoreProvider<unknown>>(child, TOKENS.StoreProvider);
    if (isDefault) defaultStoreProvider ??= stores.at(-1);
    else {
      storeProvider = stores.at(-1) ?? storeProvider;
      // a store plugin's own Store (plugins-postgres's) is not one: its options open through its StoreProvider (runStore.ts)
      if (stores.length === 0) store = resolveAllOwn<Store>(child, TOKENS.Store).at(-1) ?? store;
    }
  }
  return {
    container,
    plugins,
    lfProviders,
    codeLFs,
    classifiers,
    store,
    sourceProviders,
    busProviders,
    storeProvider: storeProvider ?? defaultStoreProvider,
    decoders,
  };
}

/** Adds providers by type; a listed plugin replaces a default's provider, two listed plugins for one type is a ConfigError. */
function indexByType<P extends { readonly type: string }>(
  index: Map<string, P>,
  providers: readonly P[],
  isDefault: boolean,
  kind: string,
  site: ConfigSite,
): void {
  for (const provider of providers) {
    if (isDefault && index.has(provider.type)) continue;
    if (!isDefault && index.has(provider.type) && !BUILTIN.has(index.get(provider.type)!)) {
      throw configErrorAt(site, [], `${kind} type "${provider.type}" is already provided by another plugin`);
    }
    index.set(provider.type, provider);
  }
}

/** Providers built into the pipeline (a listed plugin may replace them). */
const BUILTIN = new WeakSet<object>();
