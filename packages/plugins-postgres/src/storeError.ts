// StoreError: a database statement or the database itself failed; carries the operation and the driver's message.

import { SkimmerError } from '@skimmer/core';

/** A store operation failed: `context.operation` names it (e.g. 'posts.ingestBatch'), `cause` holds the driver error. */
export class StoreError extends SkimmerError {
  constructor(message: string, context: { operation: string; [k: string]: unknown }, options?: { cause?: unknown }) {
    super('STORE', message, context, options);
    this.name = 'StoreError';
  }
}

/**
 * Runs `work`, turning any driver error into a StoreError that names the operation.
 *
 * @example
 * await withStoreErrors('runs.create', { id }, () => sql.query('INSERT …', [id]));
 */
export async function withStoreErrors<R>(operation: string, context: Record<string, unknown>, work: () => Promise<R>): Promise<R> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof SkimmerError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new StoreError(`${operation} failed: ${detail}`, { operation, ...context }, { cause: err });
  }
}
