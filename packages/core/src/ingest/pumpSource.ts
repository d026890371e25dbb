// The ingest producer: reads a Source and produces its records to a bus topic in batches, keyed by post id.

import type { Bus, BusRecord } from '../bus.ts';
import type { Source, SourceReadOptions, SourceRecord } from '../source.ts';
import { RESUME_HEADERS } from './topicResume.ts';

export interface PumpOptions {
  /** Records per produce call, at most. Default 500. */
  batchSize?: number;
  /** A partial batch is produced at most this long after its first record arrived (slow live sources). Default 250 ms. */
  flushMs?: number;
  /** Resume the source after this cursor. */
  cursor?: string | null;
  /** Stops the pump after the produce call in flight; records read but not produced are left for a resume from the cursor. */
  signal?: AbortSignal;
  /**
   * Adds each record's source cursor and its place in this run's production order as the `cursor` and `seq` headers,
   * so a consumer can tell which source position its stored batches complete (a bus that does not persist). Default false.
   */
  positionHeaders?: boolean;
  /**
   * Adds each batch's number (counting from `firstBatch`) and the cursor the source was at before it as headers, so the
   * next collector resumes from the topic itself (`readTopicResume`; a persistent bus), with `sourceKey` naming what
   * the source reads. Default none.
   */
  resumeHeaders?: { firstBatch: bigint; sourceKey?: string };
  /** Called after each produce with the count so far and the cursor of the last produced record. */
  onProduced?: (progress: { produced: number; cursor: string }) => void;
}

/** The bus record of a source record: same key and bytes, the source name as a header. */
export function sourceRecordToBusRecord(record: SourceRecord): BusRecord {
  return { key: record.key, value: record.value, headers: { source: record.source } };
}

const TIMEOUT = Symbol('timeout');

/** A source's records several at a time: its own batches where it has them, else one record per array. */
async function* recordBatchesOf(source: Source, options: SourceReadOptions): AsyncGenerator<readonly SourceRecord[]> {
  if (source.recordBatches) {
    yield* source.recordBatches(options);
    return;
  }
  for await (const record of source.records(options)) yield [record];
}

/**
 * Produces every record of `source` to `topic`; resolves with the count and the last cursor when the source
 * ends or `signal` aborts.
 *
 * @example
 * const { produced } = await pumpSource(replaySource, bus, 'posts', { batchSize: 1000 });
 */
export async function pumpSource(source: Source, bus: Bus, topic: string, options: PumpOptions = {}): Promise<{ produced: number; cursor: string | null }> {
  const batchSize = options.batchSize ?? 500;
  const flushMs = options.flushMs ?? 250;
  const iterator = recordBatchesOf(source, { cursor: options.cursor, signal: options.signal });
  const buffer: SourceRecord[] = [];
  let produced = 0;
  let cursor = options.cursor ?? null;
  let batchNumber = options.resumeHeaders?.firstBatch;
  /** Produces the first `batchSize` buffered records (all of them when fewer). */
  const flush = async (): Promise<void> => {
    if (buffer.length === 0) return;
    const batch = buffer.splice(0, batchSize);
    const records = batch.map(sourceRecordToBusRecord);
    if (options.positionHeaders) for (const [i, r] of records.entries()) r.headers = { ...r.headers, cursor: batch[i].cursor, seq: String(produced + i) };
    if (batchNumber !== undefined) {
      const headers: Record<string, string> = { [RESUME_HEADERS.batch]: batchNumber.toString() };
      if (options.resumeHeaders?.sourceKey !== undefined) headers[RESUME_HEADERS.sourceKey] = options.resumeHeaders.sourceKey;
      if (cursor !== null) headers[RESUME_HEADERS.resume] = cursor;
      for (const r of records) r.headers = { ...r.headers, ...headers };
      batchNumber++;
    }
    await bus.produce(topic, records);
    produced += batch.length;
    cursor = batch[batch.length - 1].cursor;
    options.onProduced?.({ produced, cursor });
  };
  // One flush timer per partial batch (not per record): it starts when the buffer gets its first record.
  let timer: NodeJS.Timeout | undefined;
  let timeout: Promise<typeof TIMEOUT> | undefined;
  const flushNow = async (): Promise<void> => {
    clearTimeout(timer);
    timeout = undefined;
    await flush();
  };
  let pending = iterator.next();
  for (;;) {
    if (buffer.length > 0) timeout ??= new Promise((resolve) => (timer = setTimeout(() => resolve(TIMEOUT), flushMs)));
    const next = timeout === undefined ? await pending : await Promise.race([pending, timeout]);
    if (next === TIMEOUT) {
      await flushNow();
      continue;
    }
    if (next.done || options.signal?.aborted) break;
    for (const record of next.value) buffer.push(record);
    while (buffer.length >= batchSize && !options.signal?.aborted) await flushNow();
    pending = iterator.next();
  }
  clearTimeout(timer);
  if (!options.signal?.aborted) await flush();
  await iterator.return(undefined);
  return { produced, cursor };
}
