// Errors across a worker thread's boundary: a thrown error as plain data for postMessage, the typed error rebuilt from
// it, and a worker's start-up, which ends in its ready message or in such an error.

import type { Worker } from 'node:worker_threads';
import { ConfigError, DataError, LFApplyError, SkimmerError } from './errors.ts';

/** A thrown error as a worker posts it: its name and message, and a SkimmerError's code and context. */
export interface WorkerErrorMessage {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly context?: Record<string, unknown>;
}

/** `err` as plain data for postMessage. */
export function workerErrorMessage(err: unknown): WorkerErrorMessage {
  const e = err instanceof Error ? err : new Error(String(err));
  const typed = err instanceof SkimmerError ? { code: err.code, context: { ...err.context } } : {};
  return { name: e.name, message: e.message, ...typed };
}

/**
 * The typed error a worker threw (DataError, ConfigError, LFApplyError, or a SkimmerError with its code); an error
 * without a code becomes a SkimmerError with `fallbackCode` whose message starts with the error's name.
 */
export function rebuildWorkerError(msg: WorkerErrorMessage, fallbackCode: string): Error {
  const context = msg.context ?? {};
  if (msg.code === 'LF_APPLY') return new LFApplyError(msg.message, { lf: String(context.lf ?? ''), ...context });
  if (msg.code === 'DATA_INVALID') return new DataError(msg.message, context);
  if (msg.code === 'CONFIG_INVALID') {
    const path = String(context.path ?? '');
    return new ConfigError(path, path && msg.message.startsWith(`${path}: `) ? msg.message.slice(path.length + 2) : msg.message, context);
  }
  if (msg.code) return new SkimmerError(msg.code, msg.message, context);
  return new SkimmerError(fallbackCode, `${msg.name}: ${msg.message}`);
}

/**
 * Resolves with what `read` takes from the worker's first `ready` message; rejects with the error it posts instead
 * (rebuilt, `fallbackCode` for an untyped one), an 'error' event, or `exitError(code)` when it exits first.
 *
 * @example
 * const m = await workerReady(worker, (msg: { type: 'ready'; m: number }) => msg.m, 'LF_WORKER', (code) => new Error(`exited ${code}`));
 */
export function workerReady<Ready extends { readonly type: 'ready' }, R>(
  worker: Worker,
  read: (msg: Ready) => R,
  fallbackCode: string,
  exitError: (code: number) => Error,
): Promise<R> {
  return new Promise((resolve, reject) => {
    worker.once('message', (msg: Ready | ({ readonly type: 'error' } & WorkerErrorMessage) | { readonly type: string }) => {
      if (msg.type === 'ready') resolve(read(msg as Ready));
      else if (msg.type === 'error') reject(rebuildWorkerError(msg as WorkerErrorMessage, fallbackCode));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(exitError(code)));
  });
}
