// A consumed batch's store write, retried with doubling delays; a failed heartbeat gives the batch up at once.

import type { ConsumedBatch } from '../bus.ts';

/** How a batch handler retries its store write: `retries` more tries (default 6), first delay `retryDelayMs` (default 200), at most 5 s. */
export interface WriteRetryOptions {
  retries?: number;
  retryDelayMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `write` after a heartbeat, retrying a failed write. The heartbeat stays outside the retry: when it fails the
 * group is rebalancing or this member was evicted, so the batch is given up at once and the bus rejoins (retrying it
 * kept an evicted member heartbeating for minutes).
 *
 * @example
 * const result = await writeBatchWithRetries(batch, () => store.posts.ingestBatch(write), { retries: 6 });
 */
export async function writeBatchWithRetries<T>(batch: Pick<ConsumedBatch, 'heartbeat'>, write: () => Promise<T>, options: WriteRetryOptions = {}): Promise<T> {
  const retries = options.retries ?? 6;
  const firstDelay = options.retryDelayMs ?? 200;
  for (let attempt = 0; ; attempt++) {
    await batch.heartbeat();
    try {
      return await write();
    } catch (err) {
      if (attempt >= retries) throw err;
      await sleep(Math.min(firstDelay * 2 ** attempt, 5_000));
    }
  }
}
