// The ingest consumer's batch handler: bus records → Posts (bad records → dead letters) → one store transaction with the offsets.

import type { ConsumedBatch, ConsumedRecord } from '../bus.ts';
import { DataError } from '../errors.ts';
import type { Post } from '../post.ts';
import type { DeadLetter, IngestBatch, IngestResult, PayloadLimits, PayloadProblem } from '../store.ts';
import { decodePosts, payloadProblemOf } from './decodePosts.ts';
import type { IngestDecodePool } from './ingestDecodePool.ts';
import type { PostDecoder } from './postDecoder.ts';
import { writeBatchWithRetries, type WriteRetryOptions } from './writeBatchWithRetries.ts';

/** The part of the store the consumer writes through (`Store['posts']`); its payload limits dead-letter what it cannot keep. */
export interface IngestTarget extends PayloadLimits {
  ingestBatch(batch: IngestBatch): Promise<IngestResult>;
}

/** Store writes that fail are retried (`WriteRetryOptions`: 6 more tries, doubling delays from 200 ms up to 5 s). */
export interface IngestHandlerOptions extends WriteRetryOptions {
  target: IngestTarget;
  /** Consumer group whose offsets are stored with the rows. */
  group: string;
  /** Post.source when a record has no `source` header. Default 'bus'. */
  defaultSource?: string;
  /**
   * Decode workers that return the posts already in the store's rows (the store's post preparer); without one, batches
   * are decoded on this thread and the store formats the Posts itself.
   */
  decodePool?: IngestDecodePool;
  /** Payload formats for batches decoded on this thread (a pool has its own). Default none: flat rows only. */
  decoders?: readonly PostDecoder[];
  /** Called after each stored batch. */
  onStored?: (result: IngestResult & { records: number; topic: string; partition: number }) => void;
}

/** What one batch decodes to. */
export interface DecodedBatch {
  posts: Post[];
  deadLetters: DeadLetter[];
}

function asBytes(value: Uint8Array | string): Uint8Array {
  return typeof value === 'string' ? new TextEncoder().encode(value) : value;
}

/**
 * Decodes bus records: each valid record gives its Posts, each invalid one a dead letter that keeps its bytes and
 * says why. The last copy of a repeated id wins (in the first copy's place), as the store replaces a stored post with
 * a later batch's copy: which copy is stored never depends on where the batches happen to be cut. A record
 * `payloadProblem` (the store's limits) refuses is a dead letter too. `decoders` are the payload formats (decodePosts).
 */
export function decodeBatch(
  records: readonly ConsumedRecord[],
  defaultSource: string,
  payloadProblem?: PayloadProblem,
  decoders: readonly PostDecoder[] = [],
): DecodedBatch {
  const posts = new Map<string, Post>();
  const deadLetters: DeadLetter[] = [];
  for (const record of records) {
    const source = record.headers.source ?? defaultSource;
    const name = `${record.topic}/${record.partition}/${record.offset}`;
    try {
      for (const post of decodePosts(record.value, source, name, payloadProblem, decoders)) posts.set(post.id, post);
    } catch (err) {
      if (!(err instanceof DataError)) throw err;
      deadLetters.push({ raw: asBytes(record.value), error: err.message, topic: record.topic, partition: record.partition, offset: record.offset, source });
    }
  }
  return { posts: [...posts.values()], deadLetters };
}

/**
 * Builds the handler that `Bus.consume` calls: the batch's posts, dead letters and the partition offset are
 * written in one transaction, so a batch is stored exactly once however often the bus delivers it.
 *
 * @example
 * await bus.consume({ topic: 'posts', group: 'ingest', fromOffsets: () => store.posts.readOffsets('ingest', 'posts') },
 *   ingestBatchHandler({ target: store.posts, group: 'ingest' }));
 */
export function ingestBatchHandler(options: IngestHandlerOptions): (batch: ConsumedBatch) => Promise<void> {
  return async (batch) => {
    if (batch.records.length === 0) return;
    const offsets = [{ consumerGroup: options.group, topic: batch.topic, partition: batch.partition, offset: batch.lastOffset }];
    const defaultSource = options.defaultSource ?? 'bus';
    const write: IngestBatch = options.decodePool
      ? { posts: [], ...(await options.decodePool.decode(batch, defaultSource)), offsets }
      : { ...decodeBatch(batch.records, defaultSource, payloadProblemOf(options.target), options.decoders), offsets };
    const result = await writeBatchWithRetries(batch, () => options.target.ingestBatch(write), options);
    options.onStored?.({ ...result, records: batch.records.length, topic: batch.topic, partition: batch.partition });
  };
}
