// The ingest run: source → producer → bus → consumer → store, until the source ends and the store has caught up, or a deadline.

import type { Bus } from '../bus.ts';
import type { Source } from '../source.ts';
import type { PostRepository } from '../store.ts';
import type { Logger } from '../plugin.ts';
import { runConsumer, untilAborted, waitUntilCaughtUp } from '../consumerRun.ts';
import type { ConsumerRunOptions } from '../consumerRun.ts';
import type { ConsumedBatch } from '../bus.ts';
import { ingestBatchHandler } from './ingestBatchHandler.ts';
import type { IngestHandlerOptions } from './ingestBatchHandler.ts';
import { IngestDecodePool, defaultDecodeWorkerCount } from './ingestDecodePool.ts';
import type { PostDecoder } from './postDecoder.ts';
import { pumpSource } from './pumpSource.ts';
import { SourcePositions } from './sourcePositions.ts';
import { readTopicResume } from './topicResume.ts';
import type { TopicResume } from './topicResume.ts';

export interface RunIngestOptions {
  source: Source;
  bus: Bus;
  posts: Pick<PostRepository, 'ingestBatch' | 'readOffsets' | 'readSourceCursor' | 'postPreparer'>;
  topic?: string;
  group?: string;
  /** Partitions of the topic when it is created. Default 1. */
  partitions?: number;
  /** Stop after this long even if the source goes on (a live stream never ends). */
  durationMs?: number;
  /** Records per produced and consumed batch. Default 500. */
  batchSize?: number;
  /**
   * Worker threads that decode batches and format them into the store's rows, when the store has a post preparer
   * (a Postgres server); 0 does both on the consumer's thread. Default: cores - 1, at most 4.
   */
  decodeWorkers?: number;
  /** Payload formats the records may be in (decode workers load them by their specs). Default none: flat rows only. */
  decoders?: readonly PostDecoder[];
  /**
   * What the source reads (its provider's identity): on a persistent bus the collector resumes only from a cursor the
   * same source wrote to the topic. Default none.
   */
  sourceKey?: string;
  /** Told what the collector's resume could not read (`readTopicResume`). */
  logger?: Pick<Logger, 'warn'>;
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

/** The decode pool a run uses; none when the store takes Posts only (then the store formats the decoded Posts). */
async function startDecodePool(options: RunIngestConsumerOptions): Promise<IngestDecodePool | undefined> {
  const preparer = await options.posts.postPreparer?.();
  return preparer ? IngestDecodePool.start(preparer, { workers: options.decodeWorkers ?? defaultDecodeWorkerCount(), decoders: options.decoders }) : undefined;
}

/**
 * Runs `fn` with the run's decode pool, closing the pool afterwards. A pool that breaks (its workers keep dying) stops
 * the run through its signal and its error is thrown, rather than the consumer retrying batches it can never decode.
 */
async function withDecodePool<T>(options: RunIngestConsumerOptions, fn: (pool: IngestDecodePool | undefined) => Promise<T>): Promise<T> {
  const pool = await startDecodePool(options);
  try {
    const result = await fn(pool);
    if (pool?.broken.aborted) throw pool.broken.reason;
    return result;
  } finally {
    await pool?.close();
  }
}

/** The run's stop signal: the caller's, and the decode pool breaking. */
function runSignal(options: RunIngestConsumerOptions, pool: IngestDecodePool | undefined): AbortSignal | undefined {
  const signals = [options.signal, pool?.broken].filter((s): s is AbortSignal => s !== undefined);
  return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
}

/**
 * The handler of a run on a bus that does not persist: the bus's offsets are this process's own, so they are kept in
 * `positions` rather than the store (another process's stored offsets would skip this one's records), and each batch
 * is stored with the source cursor it completes instead.
 */
function sourceCursorHandler(handler: IngestHandlerOptions, topic: string, positions: SourcePositions): (batch: ConsumedBatch) => Promise<void> {
  const { target, group } = handler;
  return async (batch) => {
    const cursor = positions.cursorAfter(batch);
    const sourceCursor = cursor === undefined ? undefined : { consumerGroup: group, topic, cursor };
    await ingestBatchHandler({
      ...handler,
      target: { payloadProblem: target.payloadProblem?.bind(target), ingestBatch: (write) => target.ingestBatch({ ...write, offsets: [], sourceCursor }) },
    })(batch);
    positions.stored(batch);
  };
}

/**
 * The ingest consumer's part of a run: the consumer-group settings and a handler that adds what it stores to `stats`.
 * With `positions` (a bus that does not persist), the consumer starts at the fresh bus's beginning and stores source cursors.
 */
function ingestConsumer(
  options: RunIngestConsumerOptions,
  stats: IngestStats,
  decodePool: IngestDecodePool | undefined,
  positions?: SourcePositions,
): ConsumerRunOptions {
  const group = options.group ?? 'skimmer-ingest';
  const topic = options.topic ?? 'posts';
  const handler: IngestHandlerOptions = {
    target: options.posts,
    group,
    decodePool,
    decoders: options.decoders,
    onStored: (r) => {
      stats.consumed += r.records;
      stats.insertedPosts += r.insertedPosts;
      stats.insertedUrls += r.insertedUrls;
      stats.deadLetters += r.deadLetters;
      options.onProgress?.({ ...stats });
    },
  };
  return {
    bus: options.bus,
    topic,
    group,
    partitions: options.partitions,
    batchSize: options.batchSize,
    readOffsets: positions ? async () => positions.offsets() : (g: string, t: string) => options.posts.readOffsets(g, t),
    durationMs: options.durationMs,
    signal: runSignal(options, decodePool),
    handler: positions ? sourceCursorHandler(handler, topic, positions) : ingestBatchHandler(handler),
  };
}

const noStats = (): IngestStats => ({ produced: 0, consumed: 0, insertedPosts: 0, insertedUrls: 0, deadLetters: 0 });

/**
 * Runs one ingestion: the source is produced to the bus while the consumer stores what arrives. Resolves when the
 * source has ended and the store holds everything on the topic, or when `durationMs` has passed, or on abort. On a bus
 * that does not persist (`bus.persistent` false), the source resumes from the cursor stored with the group's last
 * batch and the consumer reads the fresh bus from its beginning; on Kafka the group resumes from its stored offsets and
 * the source from the last batch produced to the topic (`collectorResume`).
 *
 * @example
 * const stats = await runIngest({ source: replaySource({ files: ['tweets.jsonl'] }), bus: new InProcessBus(), posts: store.posts, durationMs: 20 * 60_000 });
 */
export async function runIngest(options: RunIngestOptions): Promise<IngestStats> {
  const stats = noStats();
  await withDecodePool(options, async (pool) => {
    const positions = options.bus.persistent ? undefined : new SourcePositions(await options.bus.endOffsets(options.topic ?? 'posts'));
    const run = ingestConsumer(options, stats, pool, positions);
    const resume: TopicResume | undefined = positions
      ? undefined
      : await collectorResume(options.bus, run.topic, run.partitions ?? 1, options.sourceKey, options.logger);
    const cursor = positions ? await options.posts.readSourceCursor(run.group, run.topic) : (resume?.cursor ?? null);
    await runConsumer(run, async (stop) => {
      const pumped = await pumpSource(options.source, options.bus, run.topic, {
        batchSize: options.batchSize,
        signal: stop,
        cursor,
        positionHeaders: positions !== undefined,
        resumeHeaders: resume && { firstBatch: resume.nextBatch, sourceKey: options.sourceKey },
      });
      stats.produced = pumped.produced;
      await waitUntilCaughtUp(run, stop);
    });
  });
  return stats;
}

/**
 * Where the collector (source → bus) of a persistent bus resumes: the topic is created if needed, then read back for
 * the resume cursor of the last batch produced to it (`readTopicResume`). Its reading group is the topic's name plus
 * `.collector-resume`; it reads from explicit positions and commits nothing.
 *
 * @example
 * const resume = await collectorResume(bus, 'posts', 2, 'bluesky-1a2b3c');
 * await pumpSource(source, bus, 'posts', { cursor: resume.cursor, resumeHeaders: { firstBatch: resume.nextBatch } });
 */
export async function collectorResume(bus: Bus, topic: string, partitions: number, sourceKey?: string, logger?: Pick<Logger, 'warn'>): Promise<TopicResume> {
  await bus.ensureTopic(topic, partitions);
  return readTopicResume(bus, topic, { group: `${topic}.collector-resume`, sourceKey, logger });
}

export interface RunIngestConsumerOptions extends Omit<RunIngestOptions, 'source' | 'posts'> {
  posts: Pick<PostRepository, 'ingestBatch' | 'readOffsets' | 'postPreparer'>;
  /** Stop once the store holds everything on the topic (a backfill) instead of waiting for more. Default false. */
  untilCaughtUp?: boolean;
}

/**
 * The consumer half of an ingestion alone, as one member of the consumer group (other processes may run more members,
 * and the collector runs elsewhere): stores what arrives on the topic until `durationMs` has passed, on abort, or,
 * with `untilCaughtUp`, once the stored offsets reach the topic's end.
 *
 * @example
 * const stats = await runIngestConsumer({ bus: new KafkaBus({ brokers }), posts: store.posts, durationMs: 60 * 60_000 });
 */
export async function runIngestConsumer(options: RunIngestConsumerOptions): Promise<IngestStats> {
  const stats = noStats();
  await withDecodePool(options, async (pool) => {
    const run = ingestConsumer(options, stats, pool);
    await runConsumer(run, options.untilCaughtUp ? (stop) => waitUntilCaughtUp(run, stop) : untilAborted);
  });
  return stats;
}
