// The composition root: reads config.yaml once, loads the plugins it names plus the defaults into a tsyringe container, and builds the sources, buses and store the config describes.

import 'reflect-metadata';
import { instanceCachingFactory, type DependencyContainer } from 'tsyringe';
import { z } from 'zod';
import { TOKENS } from '@skimmer/core';
import type { Bus, Logger, ProviderContext, Source, Store } from '@skimmer/core';
import { readConfigDocument, siteOf, type ConfigDocument } from '../config/configDocument.ts';
import { configErrorAt, parseConfigValue, type ConfigSite } from '../config/configIssues.ts';
import { pluginEntrySchema } from '../config/pipelineConfigSchema.ts';
import { createLogger } from '../logger.ts';
import { loadPlugins, type PluginRegistry } from '../plugins/pluginRegistry.ts';
import { defaultPluginsFor, type ProvidedKind } from './defaultPlugins.ts';
import { inProcessBusProvider } from './inProcessBusProvider.ts';
import { openProjectStore, storeConfigOf } from '../runStore.ts';

/** Tokens of what the project container builds (beside core's TOKENS). */
export const PROJECT_TOKENS = {
  /** `Promise<Store>`: the project's store (`openProjectStore`), opened once on first resolve (the caller that resolved it closes it). */
  Store: Symbol.for('skimmer.project.Store'),
  /** The ConfigDocument. */
  Config: Symbol.for('skimmer.project.Config'),
} as const;

/** A loaded project: the config read once, the plugins' registrations, and this run's container. */
export interface Project {
  readonly doc: ConfigDocument;
  readonly registry: PluginRegistry;
  /** This run's container: a child of the plugins' one, so what a run registers leaves no trace in the next. */
  readonly container: DependencyContainer;
  readonly logger: Logger;
}

export interface LoadProjectOptions {
  /** Default: warnings and errors only, on stderr. */
  readonly logger?: Logger;
  /** The kinds of providers this command resolves: the default plugins that provide them are loaded. */
  readonly provides?: readonly ProvidedKind[];
}

/**
 * Reads `file` once (`${VAR}` expansion, errors with file, YAML path and line), loads the plugins listed under
 * `plugins:` and the default plugins of `provides`, and registers the store factory in a child container.
 *
 * @example
 * const project = await loadProject('config.yaml', { provides: ['source', 'bus', 'store'] });
 * const source = await sourceOf(project).create();
 */
export async function loadProject(file: string, options: LoadProjectOptions = {}): Promise<Project> {
  const logger = options.logger ?? createLogger('warn');
  const doc = await readConfigDocument(file);
  const entries = parseConfigValue(z.array(pluginEntrySchema), doc.value.plugins ?? [], siteOf(doc, ['plugins']));
  const registry = await loadPlugins(entries, {
    file,
    located: doc.located,
    baseDir: doc.baseDir,
    logger,
    defaults: defaultPluginsFor(options.provides ?? []),
    builtins: { buses: [inProcessBusProvider as never] },
  });
  const container = registry.container.createChildContainer();
  const project: Project = { doc, registry, container, logger };
  container.register(TOKENS.Logger, { useValue: logger });
  container.register(PROJECT_TOKENS.Config, { useValue: doc });
  container.register(PROJECT_TOKENS.Store, { useFactory: instanceCachingFactory(() => openProjectStore(storeConfigOf(project), { logger })) });
  return project;
}

/** What a provider's `create` gets for the section at `path`. */
export function providerContext(project: Project, path: readonly PropertyKey[]): ProviderContext {
  return { logger: project.logger, baseDir: project.doc.baseDir, configFile: project.doc.file, configPath: path.join('.'), env: process.env };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<PropertyKey, unknown> | undefined)?.[key], root);
}

/** The provider the section's `type` names; an unknown type is a ConfigError listing the available types. */
function providerOf<P>(providers: ReadonlyMap<string, P>, value: unknown, site: ConfigSite, kind: string): P {
  const type = (value as { type?: unknown } | undefined)?.type;
  const available = [...providers.keys()].sort().join(', ') || 'none';
  if (typeof type !== 'string') throw configErrorAt(site, ['type'], `required (a ${kind} type: ${available})`);
  const provider = providers.get(type);
  if (!provider) throw configErrorAt(site, ['type'], `unknown ${kind} type "${type}" (available: ${available})`);
  return provider;
}

/** A source the config describes, validated by its provider; `create` builds it, `identity` names what it reads. */
export interface ResolvedSource {
  readonly type: string;
  readonly options: unknown;
  create(): Promise<Source>;
  /** The provider's identity of what it reads (default: the type), under which ingest keeps its resume cursor. */
  identity(): Promise<string>;
}

/**
 * The source at `path` (default `ingest.source`), resolved by its `type` among the plugins' source providers.
 *
 * @example
 * const { type, create } = sourceOf(project); // type 'replay'
 */
export function sourceOf(project: Project, path: readonly PropertyKey[] = ['ingest', 'source']): ResolvedSource {
  const value = valueAt(project.doc.value, path);
  const site = siteOf(project.doc, path);
  const provider = providerOf(project.registry.sourceProviders, value, site, 'source');
  const options = parseConfigValue(provider.optionsSchema, value, site);
  const ctx = providerContext(project, path);
  return {
    type: provider.type,
    options,
    create: async () => provider.create(options, ctx),
    identity: async () => (provider.identity ? provider.identity(options, ctx) : provider.type),
  };
}

/** The bus at `path` (default `ingest.bus`; absent: in-process), resolved by its `type` among the bus providers. */
export function busOf(project: Project, path: readonly PropertyKey[] = ['ingest', 'bus']): { type: string; create(clientSuffix?: string): Promise<Bus> } {
  const value = valueAt(project.doc.value, path) ?? { type: inProcessBusProvider.type };
  const site = siteOf(project.doc, path);
  const provider = providerOf(project.registry.busProviders, value, site, 'bus');
  const options = parseConfigValue(provider.optionsSchema, value, site);
  const ctx = providerContext(project, path);
  return { type: provider.type, create: async (clientSuffix = '') => provider.create(options, { ...ctx, clientSuffix }) };
}

/**
 * The project's store (`openProjectStore`'s rule), opened on first call and shared after (a tsyringe instance-caching
 * factory); close it when done.
 *
 * @example
 * const store = await storeOf(project);
 */
export function storeOf(project: Project): Promise<Store> {
  return project.container.resolve<Promise<Store>>(PROJECT_TOKENS.Store);
}
