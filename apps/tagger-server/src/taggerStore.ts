// Opens the store for the tagger (embedded Postgres shared with the pipeline by default, a server via DATABASE_URL) and applies the tagger's own migrations.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DATA_DIRS, migrate, openStore, readMigrations } from '@skimmer/plugins-postgres';
import type { OpenStoreOptions } from '@skimmer/plugins-postgres';
import type { SqlExecutor, Store } from '@skimmer/core';

/** The folder holding the tagger's `NNN_name.sql` migrations. */
export const taggerMigrationsDir: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

/**
 * Where the tagger's store lives when neither `dataDir` nor `DATABASE_URL` is given: the pipeline's default embedded
 * Postgres (`.skimmer/postgres`), so `tagger serve` run beside config.yaml shares the pipeline's database.
 */
export const DEFAULT_TAGGER_DATA_DIR = DEFAULT_DATA_DIRS.embedded;

/**
 * Applies pending tagger migrations (recorded in `schema_migrations` as `tagger/NNN_name`); returns those applied now.
 *
 * @example
 * await migrateTagger(store.sql) // ['tagger/001_tagger', 'tagger/002_sessions'] on a new database, [] afterwards
 */
export async function migrateTagger(sql: SqlExecutor): Promise<string[]> {
  const migrations = (await readMigrations(taggerMigrationsDir)).map((m) => ({ name: `tagger/${m.name}`, sql: m.sql }));
  return migrate(sql, migrations);
}

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
    await migrateTagger(store.sql);
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
  return store;
}
