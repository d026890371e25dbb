// Opens the store for the tagger (embedded Postgres shared with the pipeline by default, a server via DATABASE_URL) and applies the tagger's own migrations.

import { DEFAULT_DATA_DIRS, openStore } from '@skimmer/plugins-postgres';
import type { OpenStoreOptions } from '@skimmer/plugins-postgres';
import type { Store } from '@skimmer/core';

/**
 * Where the tagger's store lives when neither `dataDir` nor `DATABASE_URL` is given: the pipeline's default embedded
 * Postgres (`.skimmer/postgres`), so `tagger serve` run beside config.yaml shares the pipeline's database.
 */
export const DEFAULT_TAGGER_DATA_DIR = DEFAULT_DATA_DIRS.embedded;

/**
 * Opens the store the tagger writes to: a Postgres server when `url` or `DATABASE_URL` is set, else `kind` (default
 * embedded Postgres, which `tagger add-user` and the pipeline share with a running `tagger serve`) in `dataDir`.
 *
 * @example
 * const store = await openTaggerStore({ dataDir: 'memory://' }); // tests: PGlite in memory
 */
export async function openTaggerStore(opts: OpenStoreOptions = {}): Promise<Store> {
  const serverUrl = opts.url ?? process.env.DATABASE_URL;
  const store = serverUrl
    ? await openStore({ ...opts, url: serverUrl })
    : await openStore({ ...opts, kind: opts.kind ?? 'embedded', dataDir: opts.dataDir ?? DEFAULT_TAGGER_DATA_DIR });
  try {
    await store.tagger.migrate();
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
  return store;
}
