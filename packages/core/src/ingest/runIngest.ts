// The ingest run: source → producer → bus → consumer → store, until the source ends and the store has caught up, or a deadline.

import type { Bus } from '../bus.ts';
import type { Source } from '../source.ts';
import type { OffsetPosition, PostRepository } from '../store.ts';
import { ingestBatchHandler } from './ingestBatchHandler.ts';
import { pumpSource } from './pumpSource.ts';

export interface RunIngestOptions {
  source: Source;
  bus: Bus;
  posts: Pick<PostRepository, 'ingestBatch' | 'readOffsets'>;
  topic?: string;
  group?: string;
  /** Partitions of the topic when it is created. Default 1. */
  partitions?: number;
  /** Stop after this long even if the source goes on (a live stream never ends). */
  durationMs?: number;
  /** Records per produced and consumed batch. Default 500. */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: IngestStats) => void;
}

export interface IngestStats {
  produced: number;
  consumed: number;
  insertedPosts: number;
  insertedUrls: number;
  deadLetters: number;
}

/** True when every partition's stored next offset has reached the bus's end offset. */
export function caughtUp(end: readonly OffsetPosition[], stored: readonly OffsetPosition[]): boolean {
  const at = new Map(stored.map((s) => [s.partition, BigInt(s.nextOffset)]));
  return end.every((e) => BigInt(e.nextOffset) === 0n || (at.get(e.partition) ?? 0n) >= BigInt(e.nextOffset));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one ingestion: the source is produced to the bus while the consumer stores what arrives. Resolves when the
 * source has ended and the store holds everything on the topic, or when `durationMs` has passed, or on abort.
 *
 * @example
 * const stats = await runIngest({ source: replaySource({ files: ['tweets.jsonl'] }), bus: new InProcessBus(), posts: store.posts, durationMs: 20 * 60_000 });
 */
export async function runIngest(options: RunIngestOptions): Promise<IngestStats> {
  const topic = options.topic ?? 'posts';
  const group = options.group ?? 'skimmer-ingest';
  const stats: IngestStats = { produced: 0, consumed: 0, insertedPosts: 0, insertedUrls: 0, deadLetters: 0 };
  const stop = new AbortController();
  const deadline = options.durationMs === undefined ? undefined : setTimeout(() => stop.abort(), options.durationMs);
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort);
  await options.bus.ensureTopic(topic, options.partitions ?? 1);
  const consumption = await options.bus.consume(
    { topic, group, maxBatchSize: options.batchSize, fromOffsets: () => options.posts.readOffsets(group, topic) },
    ingestBatchHandler({
      target: options.posts,
      group,
      onStored: (r) => {
        stats.consumed += r.records;
        stats.insertedPosts += r.insertedPosts;
        stats.insertedUrls += r.insertedUrls;
        stats.deadLetters += r.deadLetters;
        options.onProgress?.({ ...stats });
      },
    }),
  );
  let failure: unknown;
  consumption.done.catch((err) => {
    failure = err;
    stop.abort();
  });
  try {
    const pumped = await pumpSource(options.source, options.bus, topic, { batchSize: options.batchSize, signal: stop.signal });
    stats.produced = pumped.produced;
    while (!stop.signal.aborted && !caughtUp(await options.bus.endOffsets(topic), await options.posts.readOffsets(group, topic))) await sleep(100);
  } finally {
    clearTimeout(deadline);
    options.signal?.removeEventListener('abort', onAbort);
    await consumption.stop();
  }
  if (failure) throw failure;
  return stats;
}
