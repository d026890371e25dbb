// The documented workflow on the default store, with real processes: `tagger add-user` while `tagger serve` runs
// creates a user the running server accepts, and the user is still there after the server restarts.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/tagger.js');
let dir = '';
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

const env = () => {
  const e = { ...process.env };
  delete e.DATABASE_URL;
  return e;
};

/** Starts `tagger serve` in `dir` (the default store, .skimmer/postgres) and resolves with its URL. */
async function serve(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: dir, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  for await (const line of readline.createInterface({ input: child.stdout! })) {
    const m = /tagger listening on (\S+)/.exec(line);
    if (m) return { url: m[1]!, child };
  }
  throw new Error(`tagger serve exited (code ${child.exitCode}): ${stderr}`);
}

function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const stopped = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

test('tagger add-user while tagger serve runs on the default store: the running server accepts the token, also after a restart', {
  timeout: 120_000,
}, async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tagger-shared-'));
  await chmod(dir, 0o755);
  const first = await serve();
  const added = await run('add-user', 'carol');
  expect(added.code).toBe(0);
  const token = added.stdout.trim().split('\n').at(-1)!;
  const me = await fetch(`${first.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
  expect(me.status).toBe(200);
  first.child.kill('SIGTERM');
  expect(await stopped(first.child)).toBe(0);

  const second = await serve();
  expect((await fetch(`${second.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  second.child.kill('SIGTERM');
  expect(await stopped(second.child)).toBe(0);
});
