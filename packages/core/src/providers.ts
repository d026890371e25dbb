// Provider contracts: what a plugin registers so the composition root can build the sources, buses and store a config names.

import type { DependencyContainer } from 'tsyringe';
import type { ZodType } from 'zod';
import type { Bus } from './bus.ts';
import type { Logger, SkimmerPlugin } from './plugin.ts';
import { TOKENS } from './plugin.ts';
import type { Source } from './source.ts';
import type { Store } from './store.ts';

/** What a provider's `create` receives besides its validated options. */
export interface ProviderContext {
  readonly logger: Logger;
  /** Directory of the config file: relative paths in options resolve against it. */
  readonly baseDir: string;
  /** The config file, for error messages. */
  readonly configFile: string;
  /** Where the options sit in the YAML, e.g. `ingest.source`: the prefix of error paths. */
  readonly configPath: string;
  /** The process environment: secrets are read from it by variable name, never written in config. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Builds the Source that `ingest.source.type` names.
 *
 * @example
 * registerSourceProvider(ctx.container, {
 *   type: 'bluesky',
 *   optionsSchema: z.object({ type: z.literal('bluesky'), keywords: z.array(z.string()) }),
 *   create: (options, ctx) => jetstreamSource(options, ctx.logger),
 * });
 */
export interface SourceProvider<O = unknown> {
  /** The `ingest.source.type` value it handles, e.g. 'replay', 'twitter', 'bluesky'. */
  readonly type: string;
  /** Validates the whole `ingest.source` object, `type` included. */
  readonly optionsSchema: ZodType<O>;
  /**
   * A stable name for what this source reads (e.g. the replayed files), under which ingest keeps its resume cursor:
   * another file or filter starts from its own beginning. Default: the type.
   */
  identity?(options: O, ctx: ProviderContext): string | Promise<string>;
  create(options: O, ctx: ProviderContext): Source | Promise<Source>;
}

/** Builds the Bus that `ingest.bus.type` names. */
export interface BusProvider<O = unknown> {
  /** The `ingest.bus.type` value it handles, e.g. 'in-process', 'kafka'. */
  readonly type: string;
  /** Validates the whole `ingest.bus` object, `type` included. */
  readonly optionsSchema: ZodType<O>;
  /** `clientSuffix` tells one process's clients apart, e.g. '-classify'. */
  create(options: O, ctx: ProviderContext & { readonly clientSuffix: string }): Bus | Promise<Bus>;
}

/**
 * Opens the Store that config.yaml's `store:` section describes (one store provider per project; a later plugin's
 * replaces an earlier one's). The caller closes the store it opened.
 */
export interface StoreProvider<O = unknown> {
  /** The plugin that provides it, for messages, e.g. '@skimmer/plugins-postgres'. */
  readonly name: string;
  /** Validates the `store:` section (absent section: `{}`). */
  readonly optionsSchema: ZodType<O>;
  open(options: O, ctx: ProviderContext): Promise<Store>;
}

/** Registers a source provider (for `ingest.source.type`). */
export function registerSourceProvider(container: DependencyContainer, provider: SourceProvider<any>): void {
  container.register(TOKENS.SourceProvider, { useValue: provider });
}

/** Registers a bus provider (for `ingest.bus.type`). */
export function registerBusProvider(container: DependencyContainer, provider: BusProvider<any>): void {
  container.register(TOKENS.BusProvider, { useValue: provider });
}

/** Registers the store provider (for `store:`). */
export function registerStoreProvider(container: DependencyContainer, provider: StoreProvider<any>): void {
  container.register(TOKENS.StoreProvider, { useValue: provider });
}

/**
 * Registers `plugin` (options `{}`, validated by its schema) in a fresh child of `parent` and resolves what it
 * registered under `token`: how an app gets a provider from a plugin it loaded by package name. A plugin that
 * registers nothing under `token` is an Error naming both.
 *
 * @example
 * const plugin = (await import(name)).default;
 * const provider = await providerOfPlugin<StoreProvider>(plugin, TOKENS.StoreProvider, { parent: container, logger, baseDir });
 */
export async function providerOfPlugin<T>(
  plugin: SkimmerPlugin<unknown>,
  token: symbol,
  ctx: { readonly parent: DependencyContainer; readonly logger: Logger; readonly baseDir: string },
): Promise<T> {
  const child = ctx.parent.createChildContainer();
  const config = plugin.configSchema ? plugin.configSchema.parse({}) : undefined;
  await plugin.register({ container: child, config, logger: ctx.logger, configPath: `plugins[${plugin.name}]`, baseDir: ctx.baseDir });
  if (!child.isRegistered(token)) throw new Error(`plugin ${plugin.name} registers no ${String(token.description)}`);
  return child.resolveAll<T>(token).at(-1)!;
}
