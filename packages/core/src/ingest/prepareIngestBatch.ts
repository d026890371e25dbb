// Decodes a batch of bus records straight into a store's rows, a few records at a time, so the parsed payloads die young
// (a whole batch of parsed payloads alive at once costs the garbage collector more than the decoding saves).

import type { ConsumedRecord } from '../bus.ts';
import { ConfigError } from '../errors.ts';
import type { DeadLetter, PayloadProblem, PostPreparerSpec, PreparedPosts, PreparedPostsWriterFactory } from '../store.ts';
import { decodeBatch } from './ingestBatchHandler.ts';

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
 * The posts of `records` in the store's rows, as `decodeBatch` would give them (each valid record's posts, the first
 * copy of a repeated id kept, across steps too) and its dead letters.
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
): PreparedIngestBatch {
  const rows = newWriter();
  const ids = new Set<string>();
  const deadLetters: DeadLetter[] = [];
  for (let start = 0; start < records.length; start += RECORDS_PER_STEP) {
    const step = decodeBatch(records.slice(start, start + RECORDS_PER_STEP), defaultSource, payloadProblem);
    for (const letter of step.deadLetters) deadLetters.push(letter);
    for (const post of step.posts) {
      if (ids.has(post.id)) continue;
      ids.add(post.id);
      rows.add(post);
    }
  }
  return { ...rows.finish(), deadLetters };
}

/** A preparer module's writer factory (its `preparedPostsWriter` export), loaded on this thread. */
export async function loadWriterFactory(preparer: PostPreparerSpec): Promise<PreparedPostsWriterFactory> {
  const module = (await import(preparer.module)) as { preparedPostsWriter?: unknown };
  if (typeof module.preparedPostsWriter !== 'function') throw new ConfigError('preparer.module', `${preparer.module} exports no preparedPostsWriter function`);
  return module.preparedPostsWriter as PreparedPostsWriterFactory;
}

/** A preparer module's payload check (its optional `payloadProblem` export), loaded on this thread; undefined when it has none. */
export async function loadPayloadProblem(preparer: PostPreparerSpec): Promise<PayloadProblem | undefined> {
  const module = (await import(preparer.module)) as { payloadProblem?: unknown };
  if (module.payloadProblem === undefined) return undefined;
  if (typeof module.payloadProblem !== 'function') throw new ConfigError('preparer.module', `${preparer.module} exports a payloadProblem that is no function`);
  return module.payloadProblem as PayloadProblem;
}
