// Opens the store for the tagger (PGlite by default, a server via DATABASE_URL) and applies the tagger's own migrations.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, openStore, readMigrations } from '@skimmer/plugins-postgres';
import type { OpenStoreOptions } from '@skimmer/plugins-postgres';
import type { SqlExecutor, Store } from '@skimmer/core';

/** The folder holding the tagger's `NNN_name.sql` migrations. */
export const taggerMigrationsDir: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

/** Where the tagger keeps its PGlite database when neither `dataDir` nor `DATABASE_URL` is given. */
export const DEFAULT_TAGGER_DATA_DIR = '.skimmer/tagger-db';

/**
 * Applies pending tagger migrations (recorded in `schema_migrations` as `tagger/NNN_name`); returns those applied now.
 *
 * @example
 * await migrateTagger(store.sql) // ['tagger/001_tagger'] on a new database, [] afterwards
 */
export async function migrateTagger(sql: SqlExecutor): Promise<string[]> {
  const migrations = (await readMigrations(taggerMigrationsDir)).map((m) => ({ name: `tagger/${m.name}`, sql: m.sql }));
  return migrate(sql, migrations);
}

/**
 * Opens the store the tagger writes to: a Postgres server when `url` or `DATABASE_URL` is set, else PGlite in `dataDir`.
 *
 * @example
 * const store = await openTaggerStore({ dataDir: 'memory://' }); // tests
 */
export async function openTaggerStore(opts: OpenStoreOptions = {}): Promise<Store> {
  const serverUrl = opts.url ?? process.env.DATABASE_URL;
  const store = serverUrl || opts.kind
    ? await openStore({ ...opts, url: serverUrl })
    : await openStore({ ...opts, kind: 'pglite', dataDir: opts.dataDir ?? DEFAULT_TAGGER_DATA_DIR });
  try {
    await migrateTagger(store.sql);
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
  return store;
}
