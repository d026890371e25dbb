// The Bus contract: keyed records produced to partitioned topics and consumed in batches with explicit acknowledgement.

import type { OffsetPosition } from './store.ts';

/** A record to produce: `key` picks the partition (same key, same partition, in order). */
export interface BusRecord {
  key: string | null;
  value: Uint8Array | string;
  /** Small string metadata (e.g. `source`); Kafka headers. */
  headers?: Readonly<Record<string, string>>;
}

/** A record as a consumer receives it. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  /** Decimal string: Kafka offsets exceed 2^53. */
  offset: string;
  key: string | null;
  value: Uint8Array;
  headers: Readonly<Record<string, string>>;
  /** When the producer created the record (ms since the epoch; Kafka's CreateTime), where the bus keeps it. */
  timestamp?: number;
}

/** Consecutive records of one partition. The bus acknowledges them only after the handler resolved. */
export interface ConsumedBatch {
  topic: string;
  partition: number;
  records: readonly ConsumedRecord[];
  /** Offset of the last record (decimal string). */
  lastOffset: string;
  /** Tells the bus the consumer is alive during long work (a no-op where the bus has no group membership). */
  heartbeat(): Promise<void>;
}

export interface ConsumeOptions {
  topic: string;
  /** Consumer group: the members of one group share the partitions. */
  group: string;
  /**
   * Where to resume, asked again whenever partitions are (re)assigned: the positions stored with the data
   * (the store's `readOffsets`). Partitions missing from the answer start at the earliest record.
   */
  fromOffsets?: (partitions: readonly number[]) => Promise<readonly OffsetPosition[]>;
  /** Records per batch, at most (a hint; default 500). */
  maxBatchSize?: number;
  /**
   * A reader of explicit positions (`readTopicResume`): each partition starts at its `fromOffsets` position whenever it
   * is assigned, whatever the group committed before, and the group commits nothing. Default false: the ingest
   * consumers' checked resume (records already stored are skipped, a gap is sought back).
   */
  seekOnAssign?: boolean;
}

/** A running consumer. */
export interface Consumption {
  /** Stops fetching, waits for the batch in flight and leaves the group. */
  stop(): Promise<void>;
  /** Rejects when consumption fails for good (the bus gave up); resolves after `stop()`. */
  readonly done: Promise<void>;
}

/** A message bus (Kafka, or the in-process bus of the embedded default). */
export interface Bus {
  /**
   * Whether the bus keeps its records and positions between processes (Kafka). A bus that does not (the in-process bus)
   * starts empty in each process, so its offsets mean nothing to the next one: ingest then resumes the source from the
   * cursor the store keeps with the posts instead (docs/decisions.md, "Ingest resumes the source on a bus that does not persist").
   */
  readonly persistent: boolean;
  /** Creates the topic with this many partitions when it does not exist yet. */
  ensureTopic(topic: string, partitions: number): Promise<void>;
  /** Appends records; resolves when the bus holds them (acknowledged by every in-sync replica on Kafka). */
  produce(topic: string, records: readonly BusRecord[]): Promise<void>;
  /** Next offset to be written on each partition (Kafka's high watermark): a consumer whose stored offsets reach these has caught up. */
  endOffsets(topic: string): Promise<OffsetPosition[]>;
  /** Earliest offset still held on each partition (Kafka's low watermark; past 0 once retention deleted records), where the bus knows it. */
  startOffsets?(topic: string): Promise<OffsetPosition[]>;
  /** Calls `handler` with batches; a batch counts as consumed only once `handler` resolved. */
  consume(options: ConsumeOptions, handler: (batch: ConsumedBatch) => Promise<void>): Promise<Consumption>;
  close(): Promise<void>;
}
