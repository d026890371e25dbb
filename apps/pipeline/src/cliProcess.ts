// Runs the `pipeline` bin as a user would (a child process), and starts `pipeline serve` until its port answers.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The CLI entry point (`npx pipeline` runs this file). */
export const PIPELINE_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/pipeline.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `pipeline <args>` to its end. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PIPELINE_BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  /** Sends SIGTERM and waits for the exit code. */
  stop: () => Promise<number | null>;
}

/**
 * Starts `pipeline serve <config> --port 0`-style on a free port and resolves once fastify logs that it listens.
 * The port is read from the server's own log line, so no port is guessed.
 */
export function startServe(config: string, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PIPELINE_BIN, 'serve', config, '--port', '0'], {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pipeline serve did not listen in time\n${out}\n${err}`));
    }, options.timeoutMs ?? 60_000);
    const onData = () => {
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out + err);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        child,
        url: match[1],
        stderr: () => err,
        stop: async () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout.on('data', (d) => {
      out += d;
      onData();
    });
    child.stderr.on('data', (d) => {
      err += d;
      onData();
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`pipeline serve exited with ${code} before listening\n${out}\n${err}`));
    });
  });
}
