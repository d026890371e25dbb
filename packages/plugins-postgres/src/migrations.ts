// Applies the SQL migrations in packages/plugins-postgres/migrations in name order, once each, under an advisory lock.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlExecutor } from '@skimmer/core';
import { StoreError } from './storeError.ts';

/** The folder holding `NNN_name.sql` files. */
export const migrationsDir: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

/** Arbitrary constant key for `pg_advisory_xact_lock`: processes migrating the same database take turns. */
const MIGRATION_LOCK_KEY = 727_171_001;

const MIGRATION_FILE = /^(\d{3,})_[a-z0-9_]+\.sql$/;

export interface Migration {
  name: string;
  sql: string;
}

/** Reads the migration files of `dir`, sorted by their numeric prefix; rejects names that break the pattern. */
export async function readMigrations(dir: string = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const bad = files.find((f) => !MIGRATION_FILE.test(f));
  if (bad) throw new StoreError(`migration file ${bad} must be named NNN_name.sql`, { operation: 'migrate', file: path.join(dir, bad) });
  return Promise.all(files.map(async (f) => ({ name: f.replace(/\.sql$/, ''), sql: await readFile(path.join(dir, f), 'utf8') })));
}

/**
 * Applies pending migrations in one transaction and records each in `schema_migrations`.
 * Idempotent: a second call applies nothing and returns [].
 *
 * @example
 * const applied = await migrate(sql); // ['001_initial'] on a new database, [] afterwards
 */
export async function migrate(sql: SqlExecutor, migrations?: readonly Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  return sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    const applied: string[] = [];
    for (const migration of all) {
      if (done.has(migration.name)) continue;
      try {
        await tx.query(migration.sql);
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        throw new StoreError(`migration ${migration.name} failed: ${detail}`, { operation: 'migrate', migration: migration.name }, { cause: err });
      }
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [migration.name]);
      applied.push(migration.name);
    }
    return applied;
  });
}
