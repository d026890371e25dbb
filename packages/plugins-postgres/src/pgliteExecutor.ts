// SqlExecutor over PGlite (Postgres compiled to WebAssembly, in this process): the single-process backend.

import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { SqlExecutor } from '@skimmer/core';
import { savepointTransaction } from './savepointTransaction.ts';

type PgliteQueryable = Pick<Transaction, 'query' | 'exec'>;

/** Without parameters a text may hold several statements (migrations): PGlite's `exec` runs them; the last result is returned. */
async function runQuery<T>(db: PgliteQueryable, sql: string, params?: readonly unknown[]): Promise<{ rows: T[] }> {
  if (params === undefined || params.length === 0) {
    const results = await db.exec(sql);
    const last = results[results.length - 1];
    return { rows: (last?.rows ?? []) as T[] };
  }
  const result = await db.query<T>(sql, params as unknown[]);
  return { rows: result.rows };
}

function transactionExecutor(tx: Transaction): SqlExecutor {
  const executor: SqlExecutor = {
    query: (sql, params) => runQuery(tx, sql, params),
    transaction: (fn) => savepointTransaction(executor, fn),
    close: async () => {},
  };
  return executor;
}

/**
 * Wraps a PGlite instance; `close()` closes it.
 *
 * @example
 * const sql = pgliteExecutor(await PGlite.create('memory://'));
 * const { rows } = await sql.query<{ n: number }>('SELECT $1::int AS n', [1]);
 */
export function pgliteExecutor(db: PGlite): SqlExecutor {
  return {
    query: (sql, params) => runQuery(db, sql, params),
    transaction: (fn) => db.transaction((tx) => fn(transactionExecutor(tx))),
    close: () => db.close(),
  };
}
