// The documented workflow on the default store, with real processes: `tagger add-user` while `tagger serve` runs
// creates a user the running server accepts, and the user is still there after the server restarts; a second add-user
// is refused, rotate-token revokes the old token at once; bad command lines get one line and exit 2, no stack trace.
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
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir || os.tmpdir(), env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
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
  expect(await run('add-user', 'carol')).toEqual({
    code: 2,
    stdout: '',
    stderr: 'tagger: user "carol" exists; to issue a new token and revoke the old one, run tagger rotate-token carol\n',
  });
  expect((await fetch(`${first.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  const rotated = await run('rotate-token', 'carol');
  expect(rotated.code).toBe(0);
  const newToken = rotated.stdout.trim().split('\n').at(-1)!;
  expect((await fetch(`${first.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  expect((await fetch(`${first.url}/api/me`, { headers: { authorization: `Bearer ${newToken}` } })).status).toBe(200);
  first.child.kill('SIGTERM');
  expect(await stopped(first.child)).toBe(0);

  const second = await serve();
  expect((await fetch(`${second.url}/api/me`, { headers: { authorization: `Bearer ${newToken}` } })).status).toBe(200);
  second.child.kill('SIGTERM');
  expect(await stopped(second.child)).toBe(0);
});

test('bad command lines: one line on stderr naming what is wrong, exit 2, no stack trace', { timeout: 60_000 }, async () => {
  const cases: Array<[string[], string]> = [
    [['add-user', 'Bad Name!'], `tagger: user name "Bad Name!" must be 1–64 letters, digits, '.', '_' or '-'\n`],
    [['serve', '--port', 'abc'], 'tagger: --port: expected a whole number from 0 to 65535, got "abc"\n'],
    [['serve', '--port', '65536'], 'tagger: --port: expected a whole number from 0 to 65535, got "65536"\n'],
    [['serve', '--prot', '1'], "tagger: serve: Unknown option '--prot' (tagger --help shows the usage)\n"],
  ];
  for (const [args, stderr] of cases) expect(await run(...args)).toEqual({ code: 2, stdout: '', stderr });
});
