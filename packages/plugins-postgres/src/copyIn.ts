// COPY … FROM STDIN on a pg connection: the optional bulk-load capability of a transaction executor (PGlite has none).

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import type { SqlExecutor } from '@skimmer/core';

/** A transaction executor that can also stream rows in COPY text format into a table. */
export interface CopyInExecutor extends SqlExecutor {
  /** Runs `copySql` (`COPY t (…) FROM STDIN`) and sends `chunks` (whole COPY text lines, each ending in `\n`). */
  copyIn(copySql: string, chunks: Iterable<string | Uint8Array>): Promise<void>;
}

/** True when `sql` can run COPY FROM STDIN (a pooled `pg` connection inside a transaction). */
export function canCopyIn(sql: SqlExecutor): sql is CopyInExecutor {
  return typeof (sql as Partial<CopyInExecutor>).copyIn === 'function';
}

/**
 * Streams `chunks` through `COPY … FROM STDIN` on `client`; rejects with Postgres's error (bad row, constraint).
 *
 * @example
 * await copyInOnClient(client, 'COPY t (a, b) FROM STDIN', ['1\tx\n2\ty\n']);
 */
export async function copyInOnClient(client: pg.PoolClient | pg.Client, copySql: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
  const stream = client.query(copyFromStdin(copySql));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
}
