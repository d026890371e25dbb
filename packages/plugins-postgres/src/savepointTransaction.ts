// Nested transactions inside an open one, as SAVEPOINTs, shared by both SQL executors.

import type { SqlExecutor } from '@skimmer/core';

let savepointCounter = 0;

/** Runs `fn` inside a savepoint of the transaction `tx` is in: rolled back to the savepoint if `fn` throws. */
export async function savepointTransaction<R>(tx: SqlExecutor, fn: (tx: SqlExecutor) => Promise<R>): Promise<R> {
  const name = `skimmer_sp_${++savepointCounter}`;
  await tx.query(`SAVEPOINT ${name}`);
  try {
    const result = await fn(tx);
    await tx.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (err) {
    await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
    throw err;
  }
}
