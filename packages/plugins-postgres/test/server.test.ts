// The Store suite on a real PostgreSQL server (scripts/services/start-postgres.sh), in a schema of its own.
import pg from 'pg';
import { openStore } from '../src/openStore.ts';
import { describeStore } from './describeStore.ts';
import { testDatabaseUrl, withSearchPath } from './testDatabaseUrl.ts';

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
  () => admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
);
