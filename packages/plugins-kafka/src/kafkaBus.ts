// The Kafka Bus (kafkajs): idempotent producer (gzip by default) keyed by post id, and group consumers that resume from the offsets stored with the data.

import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer, SASLOptions } from 'kafkajs';
import type { Bus, BusRecord, ConsumedBatch, ConsumedRecord, ConsumeOptions, Consumption, Logger, OffsetPosition } from '@skimmer/core';
import type { KafkaBusClient } from './kafkaBusConfig.ts';
import { kafkaClient } from './kafkaClient.ts';
import { kafkaLogCreator } from './kafkaLogger.ts';
import { kafkaSasl, kafkaTls, type KafkaSaslConfig, type KafkaTlsConfig } from './kafkaSecurity.ts';
import { Murmur2Partitioner } from './murmur2Partitioner.ts';

export interface KafkaBusOptions {
  /** `host:port` of one or more brokers. */
  brokers: readonly string[];
  clientId?: string;
  logger?: Logger;
  /** Replication factor of topics this bus creates. Default 1. */
  replicationFactor?: number;
  /** A member that sends no heartbeat for this long leaves the group. Default 10 s. */
  sessionTimeoutMs?: number;
  /** Default 1 s. */
  heartbeatIntervalMs?: number;
  /**
   * Compression of produced batches: 'gzip' (default), 'snappy', 'lz4', 'zstd' (kafkaCodecs.ts), or 'none' (no
   * compression CPU on either side, ~2.5x the bytes on the broker; faster on loopback or a fast LAN). Consumers read
   * every codec whatever this says.
   */
  compression?: 'gzip' | 'snappy' | 'lz4' | 'zstd' | 'none';
  /**
   * 'kafkajs-fork' (default: vendor/kafkajs, leader-change fix and fast paths) or 'kafkajs' (as published), see
   * kafkaClient.ts; 'platformatic' is PlatformaticBus (createKafkaBus picks the class).
   */
  client?: KafkaBusClient;
  /** TLS to the brokers (kafkaSecurity.ts): true, or CA / client certificate files. */
  ssl?: KafkaTlsConfig;
  /** SASL PLAIN or SCRAM; the user name and password come from the environment variables it names. */
  sasl?: KafkaSaslConfig;
  /** Records fetched per partition per request, at most this many bytes. Default 8 MiB (kafkajs: 1 MiB). */
  fetchMaxBytesPerPartition?: number;
  /** Bytes per fetch request over all partitions. Default 32 MiB (kafkajs: 10 MiB). */
  fetchMaxBytes?: number;
  /** Partitions whose batches a consumer stores at the same time (one store transaction each). Default 1. */
  partitionsConsumedConcurrently?: number;
  /**
   * `produce` sends its records in requests of at most about this many bytes (values, keys and headers), so no
   * partition's record batch exceeds the broker's `message.max.bytes` (1 MiB by default; raise both together).
   * Default 900,000.
   */
  maxProduceBytes?: number;
}

/** Bytes a record adds to a produce request, roughly: value, key, headers and ~32 bytes of framing. */
function recordBytes(record: BusRecord): number {
  let bytes = 32 + (typeof record.value === 'string' ? Buffer.byteLength(record.value) : record.value.byteLength);
  if (record.key !== null) bytes += Buffer.byteLength(record.key);
  for (const [name, value] of Object.entries(record.headers ?? {})) bytes += name.length + Buffer.byteLength(value) + 2;
  return bytes;
}

/**
 * Consecutive runs of `records` of at most `maxBytes` each (a record larger than that alone), in order.
 *
 * @example
 * produceChunks([a, b, c], 1_000_000); // [[a, b, c]] for small records
 */
export function produceChunks(records: readonly BusRecord[], maxBytes: number): BusRecord[][] {
  const chunks: BusRecord[][] = [];
  let chunk: BusRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = recordBytes(record);
    if (chunk.length > 0 && bytes + size > maxBytes) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(record);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** kafkajs's CompressionTypes values (kafkajs and the fork alike). */
const COMPRESSION = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

function headersOf(message: KafkaMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  const raw = message.headers;
  if (raw === undefined) return headers;
  for (const name in raw) {
    const value = raw[name];
    if (value !== undefined) headers[name] = String(Array.isArray(value) ? value[0] : value);
  }
  return headers;
}

const EMPTY = new Uint8Array(0);

function toRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    value: message.value ?? EMPTY, // a Buffer is a Uint8Array: no view to make
    headers: headersOf(message),
    timestamp: Number(message.timestamp),
  };
}

/**
 * A Bus on Apache Kafka. Kafka's own committed offsets are advisory: a consumer resumes from `fromOffsets`
 * (the offsets the store wrote with the rows), asked again after every group join, and checks each fetched
 * batch against them: records already stored are skipped, and a batch that starts past the stored position is
 * not processed but the partition is sought back to it.
 *
 * @example
 * const bus = new KafkaBus({ brokers: ['127.0.0.1:19092'] });
 * await bus.ensureTopic('posts', 3);
 * await bus.produce('posts', [{ key: '1377650090978992134', value: line, headers: { source: 'twitter-v2' } }]);
 */
export class KafkaBus implements Bus {
  /** The broker keeps the topic and the groups' positions. */
  readonly persistent = true;
  private readonly kafka: Kafka;
  private readonly options: KafkaBusOptions;
  private admin: Promise<Admin> | undefined;
  private producer: Promise<Producer> | undefined;
  private readonly consumers = new Set<Consumer>();

  constructor(options: KafkaBusOptions) {
    this.options = options;
    const client = options.client ?? 'kafkajs-fork';
    if (client === 'platformatic') throw new Error("KafkaBus runs on kafkajs: client 'platformatic' is PlatformaticBus (createKafkaBus)");
    const { Kafka, logLevel } = kafkaClient(client, options.logger);
    const ssl = kafkaTls(options.ssl);
    const sasl = kafkaSasl(options.sasl);
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'skimmer',
      brokers: [...options.brokers],
      ...(ssl === undefined ? {} : { ssl }),
      ...(sasl === undefined ? {} : { sasl: sasl as SASLOptions }),
      logLevel: options.logger ? logLevel.WARN : logLevel.NOTHING,
      logCreator: kafkaLogCreator(options.logger),
      retry: { initialRetryTime: 300, retries: 12, maxRetryTime: 5_000 },
    });
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.admin;
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      // Idempotent: the broker drops a retried batch it already holds, so a retry never duplicates a record.
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Murmur2Partitioner });
      await producer.connect();
      return producer;
    })();
    return this.producer;
  }

  async ensureTopic(topic: string, partitions: number): Promise<void> {
    const admin = await this.connectedAdmin();
    const existing = await admin.listTopics();
    if (existing.includes(topic)) return;
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: partitions, replicationFactor: this.options.replicationFactor ?? 1 }] });
    await waitForLeaders(admin, topic);
  }

  async produce(topic: string, records: readonly BusRecord[]): Promise<void> {
    if (records.length === 0) return;
    const producer = await this.connectedProducer();
    for (const chunk of produceChunks(records, this.options.maxProduceBytes ?? 900_000)) {
      await producer.send({
        topic,
        acks: -1,
        compression: COMPRESSION[this.options.compression ?? 'gzip'],
        messages: chunk.map((r) => ({
          key: r.key,
          value: typeof r.value === 'string' ? r.value : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength),
          headers: { ...r.headers },
        })),
      });
    }
  }

  async endOffsets(topic: string): Promise<OffsetPosition[]> {
    const offsets = await fetchTopicOffsetsOnLeaders(await this.connectedAdmin(), topic);
    return offsets.map((o) => ({ partition: o.partition, nextOffset: o.high })).sort((a, b) => a.partition - b.partition);
  }

  async startOffsets(topic: string): Promise<OffsetPosition[]> {
    const offsets = await fetchTopicOffsetsOnLeaders(await this.connectedAdmin(), topic);
    return offsets.map((o) => ({ partition: o.partition, nextOffset: o.low })).sort((a, b) => a.partition - b.partition);
  }

  /** `seekOnAssign`: the `fromOffsets` position of every partition of the topic, read before the group joins. */
  private async seekPositions(options: ConsumeOptions): Promise<Map<number, string>> {
    const partitions = (await fetchTopicOffsetsOnLeaders(await this.connectedAdmin(), options.topic)).map((o) => o.partition);
    const positions = (await options.fromOffsets?.(partitions)) ?? [];
    return new Map(partitions.map((p) => [p, positions.find((s) => s.partition === p)?.nextOffset ?? '0']));
  }

  async consume(options: ConsumeOptions, handler: (batch: ConsumedBatch) => Promise<void>): Promise<Consumption> {
    const sessionTimeout = this.options.sessionTimeoutMs ?? 10_000;
    const consumer = this.kafka.consumer({
      groupId: options.group,
      sessionTimeout,
      rebalanceTimeout: sessionTimeout,
      heartbeatInterval: this.options.heartbeatIntervalMs ?? 1_000,
      // kafkajs heartbeats and rejoins only between fetches: a long poll (default 5 s) longer than the session / rebalance
      // timeout gets an idle member evicted, and two idle members of one group evict each other forever.
      maxWaitTimeInMs: Math.min(5_000, Math.floor(sessionTimeout / 3)),
      // kafkajs fetches 1 MiB a partition by default (~1,700 tweets): too few for 5,000-record store transactions.
      maxBytesPerPartition: this.options.fetchMaxBytesPerPartition ?? 8 * 1024 * 1024,
      maxBytes: this.options.fetchMaxBytes ?? 32 * 1024 * 1024,
      retry: { initialRetryTime: 300, retries: 12, maxRetryTime: 5_000 },
    });
    this.consumers.add(consumer);
    const positions = new StoredPositions(options, consumer);
    // seekOnAssign: kafkajs starts a partition where the group last committed; a seek made when the group assigns it
    // (synchronously, before the first fetch) is applied at that fetch instead.
    const seekTo = options.seekOnAssign ? await this.seekPositions(options) : undefined;
    let settle: { resolve: () => void; reject: (err: unknown) => void } | undefined;
    const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      positions.forget();
      if (seekTo === undefined) return;
      for (const partition of event.payload.memberAssignment[options.topic] ?? []) {
        const offset = seekTo.get(partition);
        if (offset !== undefined) consumer.seek({ topic: options.topic, partition, offset });
      }
    });
    consumer.on(consumer.events.CRASH, (event) => {
      if (!event.payload.restart) settle?.reject(event.payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    const maxBatch = options.maxBatchSize ?? 500;
    await consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => consumeBatch(payload, positions, maxBatch, handler, seekTo === undefined ? consumer : undefined),
    });
    return {
      done,
      stop: async () => {
        await consumer.disconnect();
        this.consumers.delete(consumer);
        settle?.resolve();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    if (this.producer) await (await this.producer).disconnect();
    if (this.admin) await (await this.admin).disconnect();
    this.producer = undefined;
    this.admin = undefined;
  }
}

/**
 * Waits until every partition of a just-created `topic` has a leader, asking the metadata again while brokers do not
 * know the topic yet (on a cluster, the broker asked may learn of it after the controller: kafkajs's own
 * `waitForLeaders` fails at once with UNKNOWN_TOPIC_OR_PARTITION then). Gives up after 60 s.
 */
async function waitForLeaders(admin: Admin, topic: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = await admin
      .fetchTopicMetadata({ topics: [topic] })
      .then(({ topics }) => topics[0] !== undefined && topics[0].partitions.length > 0 && topics[0].partitions.every((p) => p.leader >= 0))
      .catch((err: unknown) => {
        if ((err as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION' || (err as { type?: string }).type === 'LEADER_NOT_AVAILABLE') return false;
        throw err;
      });
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`topic ${topic}: no leader for every partition 60 s after creating it`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Errors of a partition whose leader is still being elected (a topic created a moment ago): asked again shortly. */
const LEADER_MOVING = new Set(['NOT_LEADER_FOR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * `admin.fetchTopicOffsets`, asked again for up to 10 s while a new topic's leaders are still taking over: the metadata
 * can name a leader before that broker answers ListOffsets for the partition.
 */
async function fetchTopicOffsetsOnLeaders(admin: Admin, topic: string): Promise<Awaited<ReturnType<Admin['fetchTopicOffsets']>>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (err) {
      if (!LEADER_MOVING.has((err as { type?: string }).type ?? '') || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Next offset per partition as the store has it, read lazily after each (re)assignment. */
class StoredPositions {
  private readonly next = new Map<number, bigint>();
  private readonly sought = new Map<number, bigint>();
  constructor(
    private readonly options: ConsumeOptions,
    private readonly consumer: Consumer,
  ) {}

  forget(): void {
    this.next.clear();
    this.sought.clear();
  }

  async get(partition: number): Promise<bigint> {
    let next = this.next.get(partition);
    if (next === undefined) {
      const stored = (await this.options.fromOffsets?.([partition])) ?? [];
      next = BigInt(stored.find((s) => s.partition === partition)?.nextOffset ?? 0);
      this.next.set(partition, next);
    }
    return next;
  }

  set(partition: number, next: bigint): void {
    this.next.set(partition, next);
  }

  /**
   * True when the batch starts past the stored position: seeks back there once and says so. A second time at the
   * same position the records in between are gone (retention), so the batch is taken.
   */
  seekBack(partition: number, firstOffset: bigint, next: bigint): boolean {
    if (firstOffset <= next || this.sought.get(partition) === next) return false;
    this.sought.set(partition, next);
    this.consumer.seek({ topic: this.options.topic, partition, offset: next.toString() });
    return true;
  }
}

async function consumeBatch(
  payload: EachBatchPayload,
  positions: StoredPositions,
  maxBatch: number,
  handler: (batch: ConsumedBatch) => Promise<void>,
  /** Commits the advisory offsets; none for a reader of explicit positions (`seekOnAssign`). */
  committer: Consumer | undefined,
): Promise<void> {
  const { batch, heartbeat, isRunning, isStale, resolveOffset } = payload;
  if (batch.messages.length === 0) return;
  const partition = batch.partition;
  const next = await positions.get(partition);
  if (positions.seekBack(partition, BigInt(batch.messages[0].offset), next)) return;
  const fresh = batch.messages.filter((m) => BigInt(m.offset) >= next);
  for (let start = 0; start < fresh.length; start += maxBatch) {
    if (!isRunning() || isStale()) return;
    const records = fresh.slice(start, start + maxBatch).map((m) => toRecord(batch.topic, partition, m));
    const lastOffset = records[records.length - 1].offset;
    await handler({ topic: batch.topic, partition, records, lastOffset, heartbeat });
    positions.set(partition, BigInt(lastOffset) + 1n);
    resolveOffset(lastOffset);
    // Advisory only: the store holds the offsets that count; this just keeps Kafka's lag metrics meaningful.
    await committer?.commitOffsets([{ topic: batch.topic, partition, offset: (BigInt(lastOffset) + 1n).toString() }]).catch(() => {});
    await heartbeat();
  }
  if (fresh.length === 0) resolveOffset(batch.lastOffset());
}
