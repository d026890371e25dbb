// Loads the configured plugins into one child tsyringe container each and collects what they registered (LF providers, LFs, classifiers, stores).

import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { TOKENS } from '@skimmer/core';
import type { ClassifierFactory, LabelingFunction, LFProvider, Logger, SkimmerPlugin, Store } from '@skimmer/core';
import { configErrorAt, parseConfigValue, type ConfigSite } from '../config/configIssues.ts';
import type { LocatedYaml } from '../config/yamlLocation.ts';
import { importPlugin } from './importPlugin.ts';

/** One plugin as listed in config.yaml: a name, or `{ name, options }`. */
export type PluginEntry = string | { name: string; options?: unknown };

/** What all plugins registered, gathered from their child containers. */
export interface PluginRegistry {
  /** LF providers by the `type:` they handle. */
  readonly lfProviders: ReadonlyMap<string, LFProvider<unknown>>;
  /** LFs registered in code, with the plugin that registered them. */
  readonly codeLFs: readonly { readonly plugin: string; readonly lfs: readonly LabelingFunction[] }[];
  /** Classifier factories by type. */
  readonly classifiers: ReadonlyMap<string, ClassifierFactory<unknown>>;
  /** The store registered by a plugin (the last one wins), if any. */
  readonly store?: Store;
}

function resolveAllOwn<T>(child: DependencyContainer, token: symbol): T[] {
  return child.isRegistered(token) ? child.resolveAll<T>(token) : [];
}

export interface LoadPluginsOptions {
  readonly file: string;
  readonly located?: LocatedYaml;
  readonly baseDir: string;
  readonly logger: Logger;
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
  // The pipeline's container; each plugin's container is a child of it.
  const container = rootContainer.createChildContainer();
  const lfProviders = new Map<string, LFProvider<unknown>>();
  const codeLFs: { plugin: string; lfs: readonly LabelingFunction[] }[] = [];
  const classifiers = new Map<string, ClassifierFactory<unknown>>();
  let store: Store | undefined;
  for (const [i, entry] of entries.entries()) {
    const name = typeof entry === 'string' ? entry : entry.name;
    const site: ConfigSite = { file: options.file, located: options.located, path: typeof entry === 'string' ? ['plugins', i] : ['plugins', i, 'name'] };
    const plugin: SkimmerPlugin<unknown> = await importPlugin(name, options.baseDir, site);
    const rawOptions = typeof entry === 'string' ? undefined : entry.options;
    const config = plugin.configSchema
      ? parseConfigValue(plugin.configSchema, rawOptions ?? {}, { file: options.file, located: options.located, path: ['plugins', i, 'options'] })
      : rawOptions;
    const child = container.createChildContainer();
    await plugin.register({ container: child, config, logger: options.logger, configPath: `plugins[${i}]`, baseDir: options.baseDir });
    for (const provider of resolveAllOwn<LFProvider<unknown>>(child, TOKENS.LFProvider)) {
      if (lfProviders.has(provider.type)) throw configErrorAt(site, [], `LF type "${provider.type}" is already provided by another plugin`);
      lfProviders.set(provider.type, provider);
    }
    for (const lfs of resolveAllOwn<readonly LabelingFunction[]>(child, TOKENS.LabelingFunctions)) codeLFs.push({ plugin: plugin.name, lfs });
    for (const factory of resolveAllOwn<ClassifierFactory<unknown>>(child, TOKENS.Classifier)) classifiers.set(factory.type, factory);
    store = resolveAllOwn<Store>(child, TOKENS.Store).at(-1) ?? store;
  }
  return { lfProviders, codeLFs, classifiers, store };
}
