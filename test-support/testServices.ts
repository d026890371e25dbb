// Test services: the broker and the Postgres server the integration tests need (from env or .cache/services/*.env), and a private schema per test file;
// a unit test file that asks for one fails (test-support/testKinds.ts says which files are integration tests).

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { UNIT_TEST_VARIABLE } from './testKinds.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** `name` from the environment, else from `.cache/services/<file>`; throws how to start the service when missing. */
export function serviceSetting(name: string, file: string, script: string): string {
  if (process.env[UNIT_TEST_VARIABLE] === '1') {
    throw new Error(`${name}: a unit test file cannot use a service; name the file *.integration.test.ts (test-support/testKinds.ts)`);
  }
  const fromEnv = process.env[name];
  if (fromEnv) return fromEnv;
  const envFile = path.join(ROOT, '.cache/services', file);
  if (existsSync(envFile)) {
    const line = readFileSync(envFile, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${name}=`));
    if (line) return line.slice(name.length + 1).trim();
  }
  throw new Error(`${name} is not set and ${envFile} has no ${name}: run \`bash scripts/services/${script}\` first`);
}

export const kafkaBrokers = (): string[] => serviceSetting('TEST_KAFKA_BROKERS', 'kafka.env', 'start-kafka.sh').split(',');
export const testDatabaseUrl = (): string => serviceSetting('TEST_DATABASE_URL', 'postgres.env', 'start-postgres.sh');

/** The same URL with every connection's search_path set to `schema` (so test files do not share tables). */
export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** A fresh schema on the test database and a URL whose connections use it, so this file's tables are its own. */
export async function privateSchema(prefix: string): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  const base = testDatabaseUrl();
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  return {
    url: withSearchPath(base, schema),
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** A unique topic / group name for one test. */
export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

export const REPO_ROOT = ROOT;
