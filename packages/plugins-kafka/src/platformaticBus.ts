// The Kafka Bus on @platformatic/kafka (a maintained pure-JS client): idempotent acks=all producer keyed by post id, and
// group members whose fetch positions come from the store (platformaticConsumption.ts), the same contract as kafkaBus.ts.

import zlib from 'node:zlib';
import { Admin, type BaseOptions, clientSoftwareVersion, ListOffsetTimestamps, type MessageToProduce, Producer } from '@platformatic/kafka';
import {
  ConfigError,
  type Bus,
  type BusRecord,
  type ConsumedBatch,
  type ConsumeOptions,
  type Consumption,
  type Logger,
  type OffsetPosition,
} from '@skimmer/core';
import type { KafkaBusOptions } from './kafkaBus.ts';
import { produceChunks } from './kafkaBus.ts';
import { murmur2 } from './murmur2Partitioner.ts';
import { PlatformaticConsumption } from './platformaticConsumption.ts';
import { platformaticBaseOptions } from './platformaticOptions.ts';

/** The installed @platformatic/kafka version, e.g. '1.35.0' (what it tells brokers; its package.json is not exported). */
export const platformaticVersion = (): string => String(clientSoftwareVersion);

let logged = false;

const toPositive = (x: number): number => x & 0x7fffffff;

/** Which partition a record goes to: Java's (and kafkajs's) murmur2 of the key; unkeyed records round-robin. */
function partitionOf(record: BusRecord, partitions: number, counter: number): number {
  if (record.key === null) return counter % partitions;
  return toPositive(murmur2(Buffer.from(record.key))) % partitions;
}

const asBuffer = (value: Uint8Array | string): Buffer =>
  typeof value === 'string' ? Buffer.from(value) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Why a produce request failed, with the partitions the broker did take (`produced.offsets`), per @platformatic/kafka. */
interface ProduceFailure extends Error {
  produced?: { offsets?: { topic: string; partition: number }[] };
}

/**
 * A Bus on Apache Kafka through @platformatic/kafka. As KafkaBus: Kafka's committed offsets are advisory; a member
 * fetches each assigned partition from the position the store holds (`fromOffsets`, asked again after every group join).
 *
 * @example
 * const bus = new PlatformaticBus({ brokers: ['127.0.0.1:19092'], client: 'platformatic' });
 * await bus.produce('posts', [{ key: '1377650090978992134', value: line, headers: { source: 'twitter-v2' } }]);
 */
export class PlatformaticBus implements Bus {
  readonly persistent = true;
  private readonly options: KafkaBusOptions;
  private admin: Admin | undefined;
  private producer: Producer<Buffer, Buffer, string, string> | undefined;
  private readonly consumptions = new Set<PlatformaticConsumption>();
  private roundRobin = 0;

  constructor(options: KafkaBusOptions) {
    this.options = options;
    if (options.compression === 'zstd' && typeof (zlib as { zstdCompressSync?: unknown }).zstdCompressSync !== 'function') {
      throw new ConfigError(
        'compression',
        `@platformatic/kafka compresses zstd with node:zlib, which Node ${process.versions.node} lacks (22.15+): choose gzip, lz4 or snappy`,
      );
    }
    logOnce(options.logger);
  }

  private base(suffix: string): BaseOptions {
    return platformaticBaseOptions(this.options, `${this.options.clientId ?? 'skimmer'}${suffix}`);
  }

  private connectedAdmin(): Admin {
    this.admin ??= new Admin(this.base(''));
    return this.admin;
  }

  private connectedProducer(): Producer<Buffer, Buffer, string, string> {
    // Idempotent (acks=all): the broker drops a retried batch it already holds, so a retry never duplicates a record.
    this.producer ??= new Producer<Buffer, Buffer, string, string>({
      ...this.base(''),
      idempotent: true,
      acks: -1,
      compression: this.options.compression ?? 'gzip',
      serializers: { headerKey: (v) => (v === undefined ? undefined : Buffer.from(v)), headerValue: (v) => (v === undefined ? undefined : Buffer.from(v)) },
    });
    return this.producer;
  }

  async ensureTopic(topic: string, partitions: number): Promise<void> {
    const admin = this.connectedAdmin();
    if ((await admin.listTopics()).includes(topic)) return;
    await admin.createTopics({ topics: [topic], partitions, replicas: this.options.replicationFactor ?? 1 });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await admin
        .metadata({ topics: [topic], forceUpdate: true })
        .then((m) => {
          const t = m.topics.get(topic);
          return t !== undefined && t.partitions.length === partitions && t.partitions.every((p) => p !== undefined && p.leader >= 0);
        })
        .catch(() => false);
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`topic ${topic}: no leader for every partition 60 s after creating it`);
      await sleep(200);
    }
  }

  private async partitionCount(topic: string, forceUpdate = false): Promise<number> {
    const metadata = await this.connectedProducer().metadata({ topics: [topic], forceUpdate });
    const count = metadata.topics.get(topic)?.partitionsCount;
    if (!count) throw new Error(`topic ${topic}: no partitions in the metadata`);
    return count;
  }

  async produce(topic: string, records: readonly BusRecord[]): Promise<void> {
    if (records.length === 0) return;
    const producer = this.connectedProducer();
    for (const chunk of produceChunks(records, this.options.maxProduceBytes ?? 900_000)) {
      const partitions = await this.partitionCount(topic);
      let pending: MessageToProduce<Buffer, Buffer, string, string>[] = chunk.map((r) => ({
        topic,
        partition: partitionOf(r, partitions, this.roundRobin++),
        key: r.key === null ? undefined : Buffer.from(r.key),
        value: asBuffer(r.value),
        headers: { ...r.headers },
      }));
      // A request fails as a whole only per broker: the partitions another broker took are not sent again (their
      // sequence numbers moved on, so resending them would write them twice); the rest go again, same sequence numbers.
      for (let attempt = 0; ; attempt++) {
        try {
          await producer.send({ messages: pending });
          break;
        } catch (err) {
          const taken = new Set(((err as ProduceFailure).produced?.offsets ?? []).map((o) => o.partition));
          pending = pending.filter((m) => !taken.has(m.partition ?? -1));
          if (attempt >= 12 || pending.length === 0) {
            if (pending.length === 0) break;
            throw err;
          }
          producer.clearMetadata();
          await sleep(Math.min(300 * 2 ** attempt, 5_000));
        }
      }
    }
  }

  async endOffsets(topic: string): Promise<OffsetPosition[]> {
    return this.listOffsets(topic, ListOffsetTimestamps.LATEST);
  }

  async startOffsets(topic: string): Promise<OffsetPosition[]> {
    return this.listOffsets(topic, ListOffsetTimestamps.EARLIEST);
  }

  /** The high (LATEST) or low (EARLIEST) watermark of each partition. */
  private async listOffsets(topic: string, timestamp: bigint): Promise<OffsetPosition[]> {
    const admin = this.connectedAdmin();
    const metadata = await admin.metadata({ topics: [topic] });
    const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
    const partitions = Array.from({ length: count }, (_, partitionIndex) => ({ partitionIndex, timestamp }));
    // READ_UNCOMMITTED: the high watermark, as kafkajs's fetchTopicOffsets reports it.
    const listed = await admin.listOffsets({ topics: [{ name: topic, partitions }], isolationLevel: 0 });
    return (listed[0]?.partitions ?? [])
      .map((p) => ({ partition: p.partitionIndex, nextOffset: p.offset.toString() }))
      .sort((a, b) => a.partition - b.partition);
  }

  async consume(options: ConsumeOptions, handler: (batch: ConsumedBatch) => Promise<void>): Promise<Consumption> {
    const consumption = new PlatformaticConsumption(this.options, options, handler);
    this.consumptions.add(consumption);
    await consumption.start();
    return {
      done: consumption.done,
      stop: async () => {
        await consumption.stop();
        this.consumptions.delete(consumption);
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumptions].map((c) => c.stop()));
    this.consumptions.clear();
    await this.producer?.close();
    await this.admin?.close();
    this.producer = undefined;
    this.admin = undefined;
  }
}

function logOnce(logger: Logger | undefined): void {
  if (!logger || logged) return;
  logged = true;
  const version = platformaticVersion();
  logger.info({ client: 'platformatic', package: '@platformatic/kafka', version }, `kafka client: platformatic ${version} (@platformatic/kafka, as published)`);
}
