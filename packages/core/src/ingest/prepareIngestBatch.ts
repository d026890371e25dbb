// Decodes a batch of bus records straight into a store's rows, a few records at a time, so the parsed payloads die young
// (a whole batch of parsed payloads alive at once costs the garbage collector more than the decoding saves).

import type { ConsumedRecord } from '../bus.ts';
import { ConfigError } from '../errors.ts';
import type { DeadLetter, PayloadProblem, PostPreparerSpec, PreparedPosts, PreparedPostsWriterFactory } from '../store.ts';
import { decodeBatch, type DecodedBatch } from './ingestBatchHandler.ts';
import type { PostDecoder } from './postDecoder.ts';

/** Records decoded and formatted together: small enough that their parsed payloads do not outlive a young GC cycle. */
const RECORDS_PER_STEP = 250;

/** What a batch of records prepares to: its posts as the store's rows, and its dead letters. */
export interface PreparedBatch {
  prepared: PreparedPosts;
  deadLetters: DeadLetter[];
}

/** A PreparedBatch with the buffers its rows own (what a worker transfers instead of copying). */
export interface PreparedIngestBatch extends PreparedBatch {
  transfer: ArrayBuffer[];
}

/**
 * The posts of `records` in the store's rows, as `decodeBatch` would give them (each valid record's posts, the last
 * copy of a repeated id winning, in first-seen order) and its dead letters. A batch that repeats an id across steps is
 * decoded again as a whole, so the last copy wins across steps too (a formatted row cannot be taken back).
 *
 * @example
 * const { prepared, deadLetters } = prepareIngestBatch(batch.records, 'replay', preparedPostsWriter);
 * await store.posts.ingestBatch({ posts: [], prepared, deadLetters, offsets });
 */
export function prepareIngestBatch(
  records: readonly ConsumedRecord[],
  defaultSource: string,
  newWriter: PreparedPostsWriterFactory,
  payloadProblem?: PayloadProblem,
  decoders?: readonly PostDecoder[],
): PreparedIngestBatch {
  const decode = (part: readonly ConsumedRecord[]): DecodedBatch => decodeBatch(part, defaultSource, payloadProblem, decoders);
  const rows = newWriter();
  const ids = new Set<string>();
  const deadLetters: DeadLetter[] = [];
  for (let start = 0; start < records.length; start += RECORDS_PER_STEP) {
    const step = decode(records.slice(start, start + RECORDS_PER_STEP));
    for (const letter of step.deadLetters) deadLetters.push(letter);
    for (const post of step.posts) {
      // The batch decoded at once instead: a repeated id's copies merged, the last winning.
      if (ids.has(post.id)) return formatted(newWriter, decode(records));
      ids.add(post.id);
      rows.add(post);
    }
  }
  return { ...rows.finish(), deadLetters };
}

/** A decoded batch's posts formatted into the store's rows. */
function formatted(newWriter: PreparedPostsWriterFactory, { posts, deadLetters }: DecodedBatch): PreparedIngestBatch {
  const rows = newWriter();
  for (const post of posts) rows.add(post);
  return { ...rows.finish(), deadLetters };
}

/** What a preparer module provides: its writer factory and, when the store has payload limits, its payload check. */
export interface LoadedPreparer {
  readonly newWriter: PreparedPostsWriterFactory;
  readonly payloadProblem: PayloadProblem | undefined;
}

/** A preparer module's `preparedPostsWriter` and optional `payloadProblem` exports, loaded on this thread (one import). */
export async function loadPreparer(preparer: PostPreparerSpec): Promise<LoadedPreparer> {
  const module = (await import(preparer.module)) as { preparedPostsWriter?: unknown; payloadProblem?: unknown };
  if (typeof module.preparedPostsWriter !== 'function') throw new ConfigError('preparer.module', `${preparer.module} exports no preparedPostsWriter function`);
  if (module.payloadProblem !== undefined && typeof module.payloadProblem !== 'function')
    throw new ConfigError('preparer.module', `${preparer.module} exports a payloadProblem that is no function`);
  return { newWriter: module.preparedPostsWriter as PreparedPostsWriterFactory, payloadProblem: module.payloadProblem as PayloadProblem | undefined };
}
