// Errors across a worker thread's boundary: a thrown error as plain data for postMessage, and the typed error rebuilt from it.

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
