// The Source contract: a stream of raw records (tweets, replayed lines) that can be resumed from a cursor.

/** One raw record as a source emits it, before anything is parsed. */
export interface SourceRecord {
  /** Bus key (the post id where the source knows it), so one post always lands on one partition. */
  key: string | null;
  /** The payload exactly as the source received it (a JSON line, a JSON object of a CSV row). */
  value: Uint8Array | string;
  /** Where it came from, e.g. 'twitter-v2', 'replay:brexit.jsonl'; travels as a bus header. */
  source: string;
  /** Resume position: pass it as `cursor` to continue after this record. */
  cursor: string;
}

export interface SourceReadOptions {
  /** Continue after the record that carried this cursor (absent: from the start). */
  cursor?: string | null;
  /** Stops the iteration (the iterator returns after the record in flight). */
  signal?: AbortSignal;
}

/**
 * A live or replayed source of raw records.
 *
 * @example
 * for await (const record of source.records({ cursor: saved })) {
 *   await bus.produce('posts', [sourceRecordToBusRecord(record)]);
 *   saved = record.cursor;
 * }
 */
export interface Source {
  /** A short name for logs, e.g. 'replay' or 'twitter-v2'. */
  readonly name: string;
  records(options?: SourceReadOptions): AsyncIterable<SourceRecord>;
  /**
   * The same records as `records`, several at a time (never an empty array), for sources that get them in bulk (a
   * replayed file's reads): a reader pays one promise per batch instead of one per record. Optional; `signal` stops
   * it after the batch in flight.
   */
  recordBatches?(options?: SourceReadOptions): AsyncIterable<readonly SourceRecord[]>;
  /** Releases connections (live sources); optional. */
  close?(): Promise<void>;
}
