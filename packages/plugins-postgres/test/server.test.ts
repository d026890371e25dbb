// The Store suite on a real PostgreSQL server (scripts/services/start-postgres.sh), in a schema of its own.
import pg from 'pg';
import { expect, test } from 'vitest';
import { migrate } from '../src/migrations.ts';
import { pgPoolExecutor } from '../src/pgPoolExecutor.ts';
import { openStore } from '../src/openStore.ts';
import { describeStore, MIGRATIONS } from './describeStore.ts';
import { testDatabaseUrl, withSearchPath } from '../../../test-support/testServices.ts';

const url = testDatabaseUrl();
const schema = `store_test_${process.pid}_${Date.now()}`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describeStore(
  'a PostgreSQL server',
  async () => {
    await admin(`CREATE SCHEMA ${schema}`);
    return openStore({ url: withSearchPath(url, schema) });
  },
  {
    cleanup: () => admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
    more: () => {
      test('concurrent migrations of a new schema apply each file once', async () => {
        const fresh = `${schema}_concurrent`;
        await admin(`CREATE SCHEMA ${fresh}`);
        const executors = [0, 1, 2].map(() => pgPoolExecutor(new pg.Pool({ connectionString: withSearchPath(url, fresh), max: 1 })));
        try {
          const applied = await Promise.all(executors.map((sql) => migrate(sql)));
          expect(applied.flat()).toEqual(MIGRATIONS);
        } finally {
          await Promise.all(executors.map((sql) => sql.close()));
          await admin(`DROP SCHEMA ${fresh} CASCADE`);
        }
      });
    },
  },
);
