// Helpers of the chaos specs (`npm run test:chaos`): a seeded random source, real CLI processes killed with -9, the
// store kinds they run on, and the Postgres processes a data dir has left running.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** The seed of every kill moment: `SKIMMER_CHAOS_SEED` (default 1), so a failing run can be repeated exactly. */
export const CHAOS_SEED = Number(process.env.SKIMMER_CHAOS_SEED ?? 1);
/** Kills per command and store kind: `SKIMMER_CHAOS_KILLS` (default 1). */
export const CHAOS_KILLS = Number(process.env.SKIMMER_CHAOS_KILLS ?? 1);
/** The store kinds to run on: `SKIMMER_CHAOS_KINDS` (default `pglite,embedded,server`). */
export const CHAOS_KINDS = (process.env.SKIMMER_CHAOS_KINDS ?? 'pglite,embedded,server').split(',') as ChaosStoreKind[];

/** mulberry32: the same numbers in [0, 1) for the same seed. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A child process with its output so far and its exit. */
export interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `node <args>` with piped output. */
export function spawnNode(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Spawned {
  const env = Object.fromEntries(Object.entries({ ...process.env, ...options.env }).filter(([, v]) => v !== undefined));
  const child = spawn(process.execPath, [...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code, signal) => resolve(signal ? null : code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Kills `process` with SIGKILL after `ms` unless it ended before; resolves with 'killed' or its exit code. */
export async function killAfter(spawned: Spawned, ms: number): Promise<'killed' | number | null> {
  const timer = setTimeout(() => spawned.child.kill('SIGKILL'), ms);
  const code = await spawned.exited;
  clearTimeout(timer);
  return spawned.child.signalCode === 'SIGKILL' ? 'killed' : code;
}

/** Resolves once `spawned`'s output matches `pattern` (the match), or rejects when it exits first or after `timeoutMs`. */
export function waitForOutput(spawned: Spawned, pattern: RegExp, timeoutMs = 120_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const match = pattern.exec(spawned.stdout() + spawned.stderr());
      if (!match) return;
      done();
      resolve(match);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${spawned.stdout()}\n${spawned.stderr()}`));
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      spawned.child.stdout!.off('data', check);
      spawned.child.stderr!.off('data', check);
    };
    spawned.child.stdout!.on('data', check);
    spawned.child.stderr!.on('data', check);
    void spawned.exited.then((code) => {
      done();
      reject(new Error(`exited with ${code} before ${pattern}:\n${spawned.stdout()}\n${spawned.stderr()}`));
    });
    check();
  });
}

/** The Postgres processes whose command line names `dataDir` (`ps`), as "pid args" lines. */
export function postgresProcessesOf(dataDir: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .filter((line) => line.includes(dataDir) && /postgres/.test(line))
    .map((line) => line.trim());
}

export type ChaosStoreKind = 'pglite' | 'embedded' | 'server';

/** A store of one kind in a fresh temporary folder (or schema): what a config names and what a test opens to count. */
export interface ChaosStore {
  kind: ChaosStoreKind;
  dir: string;
  /** The data dir (pglite, embedded), whose Postgres processes must all be gone at the end. */
  dataDir: string;
  /** The `store:` value for config.yaml. */
  yaml: string;
  /** `openStore` options for the same store. */
  options: { kind: ChaosStoreKind; dataDir?: string; url?: string };
  /** `tagger` arguments / environment that name the same store. */
  taggerArgs: string[];
  taggerEnv: NodeJS.ProcessEnv;
  cleanup: () => Promise<void>;
}

/** A store of `kind`; `serverUrl` is the test Postgres server (kind server: a schema of its own there). */
export async function chaosStore(kind: ChaosStoreKind, serverUrl: () => string): Promise<ChaosStore> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `skimmer-chaos-${kind}-`));
  await chmod(dir, 0o755);
  const dataDir = path.join(dir, kind === 'pglite' ? 'db' : 'pg');
  const removeDir = () => rm(dir, { recursive: true, force: true });
  if (kind !== 'server') {
    return {
      kind,
      dir,
      dataDir,
      yaml: `{ kind: ${kind}, dataDir: ${JSON.stringify(dataDir)} }`,
      options: { kind, dataDir },
      taggerArgs: ['--data-dir', dataDir],
      taggerEnv: { DATABASE_URL: undefined },
      cleanup: removeDir,
    };
  }
  const schema = `chaos_${process.pid}_${Date.now()}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: serverUrl() });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const u = new URL(serverUrl());
  u.searchParams.set('options', `-c search_path=${schema}`);
  const url = u.toString();
  return {
    kind,
    dir,
    dataDir,
    yaml: `{ kind: server, url: ${JSON.stringify(url)} }`,
    options: { kind, url },
    taggerArgs: [],
    taggerEnv: { DATABASE_URL: url },
    cleanup: async () => {
      await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await removeDir();
    },
  };
}
