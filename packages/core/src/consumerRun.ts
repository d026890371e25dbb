// Runs a bus consumer group for the length of a task: topic, deadline, outside abort, consumer failure and clean stop in one place.

import type { Bus, ConsumedBatch } from './bus.ts';
import type { OffsetPosition } from './store.ts';

export interface ConsumerRunOptions {
  bus: Bus;
  topic: string;
  group: string;
  /** Partitions of the topic when it is created. Default 1. */
  partitions?: number;
  /** Records per consumed batch. */
  batchSize?: number;
  /** Where the group resumes: the offsets stored with its results. */
  readOffsets: (group: string, topic: string) => Promise<OffsetPosition[]>;
  /** Stores one batch; the batch counts as consumed once it resolves. */
  handler: (batch: ConsumedBatch) => Promise<void>;
  /** Stop after this long. */
  durationMs?: number;
  signal?: AbortSignal;
}

/** True when every partition's stored next offset has reached the bus's end offset. */
export function caughtUp(end: readonly OffsetPosition[], stored: readonly OffsetPosition[]): boolean {
  const at = new Map(stored.map((s) => [s.partition, BigInt(s.nextOffset)]));
  return end.every((e) => BigInt(e.nextOffset) === 0n || (at.get(e.partition) ?? 0n) >= BigInt(e.nextOffset));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the consumer group, runs `task(stop)` while it consumes, then stops the consumer. `stop` aborts on the
 * deadline, on the outside signal, or when the consumer fails; the consumer's failure is rethrown after the stop.
 *
 * @example
 * await runConsumer({ bus, topic: 'posts', group: 'g', readOffsets, handler }, (stop) => waitUntilCaughtUp(options, stop));
 */
export async function runConsumer(options: ConsumerRunOptions, task: (stop: AbortSignal) => Promise<void>): Promise<void> {
  const { bus, topic, group } = options;
  const stop = new AbortController();
  const deadline = options.durationMs === undefined ? undefined : setTimeout(() => stop.abort(), options.durationMs);
  const onAbort = (): void => stop.abort();
  if (options.signal?.aborted) stop.abort();
  options.signal?.addEventListener('abort', onAbort);
  let failure: unknown;
  try {
    await bus.ensureTopic(topic, options.partitions ?? 1);
    const consumption = await bus.consume(
      { topic, group, maxBatchSize: options.batchSize, fromOffsets: () => options.readOffsets(group, topic) },
      options.handler,
    );
    consumption.done.catch((err) => {
      failure = err;
      stop.abort();
    });
    try {
      await task(stop.signal);
    } finally {
      await consumption.stop();
    }
  } finally {
    clearTimeout(deadline);
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (failure) throw failure;
}

/** Resolves once the group's stored offsets reach the topic's end offsets, or when `stop` aborts. */
export async function waitUntilCaughtUp(
  options: Pick<ConsumerRunOptions, 'bus' | 'topic' | 'group' | 'readOffsets'>,
  stop: AbortSignal,
  pollMs = 100,
): Promise<void> {
  const { bus, topic, group } = options;
  while (!stop.aborted && !caughtUp(await bus.endOffsets(topic), await options.readOffsets(group, topic))) await sleep(pollMs);
}

/** Resolves when `signal` aborts (at once if it already has). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
