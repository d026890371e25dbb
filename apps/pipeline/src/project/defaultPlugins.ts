// The plugins every project has without listing them, by package name (imported through the plugin loader, never statically), and what each provides.

/** What a default plugin registers providers for; a command loads the defaults of the kinds it resolves. */
export type ProvidedKind = 'source' | 'bus' | 'store' | 'classifier' | 'dataset' | 'serving';

/** Default plugin packages and the kinds of providers they register. */
export const DEFAULT_PLUGINS: Readonly<Record<string, readonly ProvidedKind[]>> = {
  '@skimmer/plugins-replay': ['source'],
  '@skimmer/plugins-twitter': ['source'],
  '@skimmer/plugins-kafka': ['bus'],
  '@skimmer/plugins-postgres': ['store'],
  '@skimmer/plugins-datasets': ['dataset'],
  '@skimmer/plugins-serve': ['serving'],
  '@skimmer/plugins-linear': ['classifier'],
  '@skimmer/plugins-tfjs': ['classifier'],
};

/**
 * The default plugins that provide any of `kinds` (TensorFlow.js costs seconds to import: `ingest` does not load it).
 *
 * @example
 * defaultPluginsFor(['source', 'bus']); // ['@skimmer/plugins-replay', '@skimmer/plugins-twitter', '@skimmer/plugins-kafka']
 */
export function defaultPluginsFor(kinds: readonly ProvidedKind[]): string[] {
  return Object.entries(DEFAULT_PLUGINS)
    .filter(([, provides]) => provides.some((kind) => kinds.includes(kind)))
    .map(([name]) => name);
}
