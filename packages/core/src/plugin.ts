// The plugin contract: a plugin declares its config schema and registers its providers in a tsyringe container (Fastify/Backstage style).

import type { DependencyContainer } from 'tsyringe';
import type { ZodType } from 'zod';
import type { LabelingFunction } from './labelingFunction.ts';
import type { DataPoint } from './post.ts';

/** Minimal structured logger (pino-compatible subset). */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/** What a plugin's `register` receives. */
export interface PluginContext<C> {
  /** The plugin's own child container: what it registers is visible to the pipeline, not to sibling plugins' internals. */
  readonly container: DependencyContainer;
  /** The plugin's config, already validated against `configSchema`. */
  readonly config: C;
  readonly logger: Logger;
  /** Where this plugin's config sits in the YAML, e.g. `plugins[2]`: prefix for error paths. */
  readonly configPath: string;
  /** Directory of the config file (relative paths in config resolve against it). */
  readonly baseDir: string;
}

/**
 * A Skimmer plugin. Export one (default export or `plugin`) from a package or a file.
 *
 * @example
 * export default definePlugin({
 *   name: 'my-lfs',
 *   register(ctx) {
 *     registerLabelingFunctions(ctx.container, [labelingFunction({ name: 'has_ai', apply: (p) => (/\bAI\b/.test(p.text) ? 1 : ABSTAIN) })]);
 *   },
 * });
 */
export interface SkimmerPlugin<C = unknown> {
  readonly name: string;
  /** Validates the plugin's options from config.yaml (`plugins[i].options`). */
  readonly configSchema?: ZodType<C>;
  register(ctx: PluginContext<C>): void | Promise<void>;
}

/** Identity helper that gives a plugin object its types. */
export function definePlugin<C = unknown>(plugin: SkimmerPlugin<C>): SkimmerPlugin<C> {
  return plugin;
}

/** Data an LF provider may need to build its LFs (e.g. clustering fits on train and maps clusters with dev gold). */
export interface LFBuildContext {
  readonly train: readonly DataPoint[];
  readonly dev?: { readonly points: readonly DataPoint[]; readonly labels: ArrayLike<number> };
  readonly seed: number;
  readonly cardinality: number;
  /** Class names in label order (config `labels:`), so an entry may give `label: spam` instead of `label: 1`. */
  readonly classNames?: readonly string[];
  readonly logger: Logger;
  readonly baseDir: string;
}

/** Builds labeling functions from one `lfs[i]` entry of config.yaml whose `type` equals `type`. */
export interface LFProvider<E = unknown> {
  /** The `type:` value it handles, e.g. 'regex', 'keyword', 'cluster'. */
  readonly type: string;
  /** Validates one `lfs[i]` entry (paths in its errors are prefixed with `lfs[i]`). */
  readonly entrySchema: ZodType<E>;
  create(entry: E, ctx: LFBuildContext): LabelingFunction[] | Promise<LabelingFunction[]>;
}

/** DI tokens shared by core, plugins and apps. Multi-registrations are read with `container.resolveAll`. */
export const TOKENS = {
  LFProvider: Symbol.for('skimmer.LFProvider'),
  LabelingFunctions: Symbol.for('skimmer.LabelingFunctions'),
  DatasetReader: Symbol.for('skimmer.DatasetReader'),
  Store: Symbol.for('skimmer.Store'),
  Classifier: Symbol.for('skimmer.ClassifierFactory'),
  Source: Symbol.for('skimmer.Source'),
  Bus: Symbol.for('skimmer.Bus'),
  SourceProvider: Symbol.for('skimmer.SourceProvider'),
  BusProvider: Symbol.for('skimmer.BusProvider'),
  StoreProvider: Symbol.for('skimmer.StoreProvider'),
  DatasetProvider: Symbol.for('skimmer.DatasetProvider'),
  ServingProvider: Symbol.for('skimmer.ServingProvider'),
  PostDecoder: Symbol.for('skimmer.PostDecoder'),
  Logger: Symbol.for('skimmer.Logger'),
} as const;

/** Registers an LF provider (for `lfs[i].type`). */
export function registerLFProvider(container: DependencyContainer, provider: LFProvider<any>): void {
  container.register(TOKENS.LFProvider, { useValue: provider });
}

/** Registers labeling functions written in code; the pipeline applies them with the configured ones. */
export function registerLabelingFunctions(container: DependencyContainer, lfs: readonly LabelingFunction[]): void {
  container.register(TOKENS.LabelingFunctions, { useValue: lfs });
}
