// Finds the integration-test Postgres server: $TEST_DATABASE_URL, or the file scripts/services/start-postgres.sh writes.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@skimmer/core';

export const TEST_DATABASE_ENV_FILE = path.join(repoRoot, '.cache/services/postgres.env');

/** The server URL; throws (failing the test file, never skipping it) when neither source names one. */
export function testDatabaseUrl(): string {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  if (existsSync(TEST_DATABASE_ENV_FILE)) {
    const line = readFileSync(TEST_DATABASE_ENV_FILE, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('TEST_DATABASE_URL='));
    if (line) return line.slice('TEST_DATABASE_URL='.length).trim();
  }
  throw new Error(`TEST_DATABASE_URL is not set and ${TEST_DATABASE_ENV_FILE} does not exist: run scripts/services/start-postgres.sh first`);
}

/** The same URL with every connection's search_path set to `schema` (so test files do not share tables). */
export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
