// Specification of `pipeline serve --log-level`: the server's own logs (listening, each request) follow the CLI's level.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PIPELINE_BIN } from '../../src/cliProcess.ts';

const KEY = 'log-level-key-0123456789';
const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-serve-log-level-'));

// The smallest classifier plugin whose saved model `serve` can load: always the first class.
const PLUGIN = `import { TOKENS, definePlugin } from '@skimmer/core';
const classifier = (classNames) => ({ type: 'constant', classNames, fit: async () => {}, save: async () => {},
  predictProba: async (texts) => ({ n: texts.length, k: 2, data: Float64Array.from(texts.flatMap(() => [1, 0])) }) });
export default definePlugin({ name: 'constant-classifier', register(ctx) {
  ctx.container.register(TOKENS.Classifier, { useValue: { type: 'constant', create: () => classifier(['ham', 'spam']), load: async () => classifier(['ham', 'spam']) } });
} });
`;

function writeProject(): string {
  writeFileSync(path.join(dir, 'constant.mjs'), PLUGIN);
  mkdirSync(path.join(dir, 'model'), { recursive: true });
  writeFileSync(path.join(dir, 'model', 'model.json'), JSON.stringify({ type: 'constant', classNames: ['ham', 'spam'] }));
  const file = path.join(dir, 'config.yaml');
  writeFileSync(file, `name: log-level\nlabels: [ham, spam]\nplugins: [./constant.mjs]\nserve: { model: { dir: ./model }, apiKeys: ["${KEY}"] }\n`);
  return file;
}

/** A port free right now (the server cannot report it: at warn it logs no "listening" line). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** Polls /healthz until the server answers (or `ms` pass). */
async function answers(url: string, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return true;
  }
  return false;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pipeline serve --log-level', () => {
  it('at warn logs neither "Server listening" nor the requests it answers', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [PIPELINE_BIN, 'serve', writeProject(), '--port', String(port), '--log-level', 'warn'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((done) => child.on('close', done));
    try {
      const url = `http://127.0.0.1:${port}`;
      expect(await answers(url, 60_000), out).toBe(true);
      const res = await fetch(`${url}/v1/classify`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: '{"text":"hi"}',
      });
      expect(await res.json()).toMatchObject({ label: 'ham' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).not.toContain('Server listening');
    expect(out).not.toContain('incoming request');
    expect(out).not.toContain('request completed');
  }, 90_000);

  it('at the default level logs on stderr only: stdout stays empty', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [PIPELINE_BIN, 'serve', writeProject(), '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((done) => child.on('close', done));
    try {
      expect(await answers(`http://127.0.0.1:${port}`, 60_000), stderr).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('Server listening');
  }, 90_000);
});
