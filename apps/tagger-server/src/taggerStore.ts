// Opens the store for the tagger (embedded Postgres shared with the pipeline by default, a server via DATABASE_URL) through the store plugin's StoreProvider, and applies the tagger's own migrations.

import 'reflect-metadata';
import { container } from 'tsyringe';
import { providerOfPlugin, TOKENS } from '@skimmer/core';
import type { Logger, SkimmerPlugin, Store, StoreProvider } from '@skimmer/core';

/** The plugin whose StoreProvider opens the tagger's store, loaded by package name (apps import no plugin statically). */
const TAGGER_STORE_PLUGIN = '@skimmer/plugins-postgres';

/**
 * Where the tagger's store lives when neither `dataDir` nor `DATABASE_URL` is given: the pipeline's default embedded
 * Postgres (`.skimmer/postgres`), so `tagger serve` run beside config.yaml shares the pipeline's database.
 */
export const DEFAULT_TAGGER_DATA_DIR = '.skimmer/postgres';

/** The store's warnings and errors go to stderr; its progress is not the tagger's to print. */
const stderrLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (obj, msg) => console.error(msg ?? obj, msg === undefined ? '' : obj),
  error: (obj, msg) => console.error(msg ?? obj, msg === undefined ? '' : obj),
};

/** Where and how to open the store; relative `dataDir`s resolve against the working directory. */
export interface TaggerStoreOptions {
  /** postgres://… of a server (default `$DATABASE_URL`). */
  url?: string;
  /** Data directory of the embedded backends (default `.skimmer/postgres`, the pipeline's); `memory://` for PGlite in memory. */
  dataDir?: string;
  /** Backend without a url (default 'embedded', which `tagger add-user` and the pipeline share with a running `tagger serve`). */
  kind?: 'pglite' | 'embedded' | 'server';
}

let storeProvider: Promise<StoreProvider<unknown>> | undefined;

async function loadStoreProvider(): Promise<StoreProvider<unknown>> {
  const mod = (await import(TAGGER_STORE_PLUGIN)) as { default: SkimmerPlugin<unknown> };
  return providerOfPlugin<StoreProvider<unknown>>(mod.default, TOKENS.StoreProvider, {
    parent: container.createChildContainer(),
    logger: stderrLogger,
    baseDir: process.cwd(),
  });
}

/**
 * Opens the store the tagger writes to: a Postgres server when `url` or `DATABASE_URL` is set, else `kind` (default
 * embedded Postgres) in `dataDir` (default the pipeline's `.skimmer/postgres` under the working directory).
 *
 * @example
 * const store = await openTaggerStore({ dataDir: 'memory://' }); // tests: PGlite in memory
 */
export async function openTaggerStore(opts: TaggerStoreOptions = {}): Promise<Store> {
  storeProvider ??= loadStoreProvider();
  const provider = await storeProvider;
  const serverUrl = opts.url ?? process.env.DATABASE_URL;
  const options = serverUrl ? { ...opts, url: serverUrl } : { ...opts, kind: opts.kind ?? 'embedded', dataDir: opts.dataDir ?? DEFAULT_TAGGER_DATA_DIR };
  const ctx = { logger: stderrLogger, baseDir: process.cwd(), configFile: 'tagger', configPath: 'store', env: process.env };
  const store = await provider.open(provider.optionsSchema.parse(options), ctx);
  try {
    await store.tagger.migrate();
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
  return store;
}
