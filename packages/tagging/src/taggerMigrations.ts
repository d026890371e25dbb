// The tagger's own tables: applies packages/tagging/migrations (recorded as `tagger/NNN_name`) on a store's SQL.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlExecutor } from '@skimmer/core';
import { migrate, readMigrations } from '@skimmer/plugins-postgres';

/** The folder holding the tagger's `NNN_name.sql` migrations. */
export const taggerMigrationsDir: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

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
