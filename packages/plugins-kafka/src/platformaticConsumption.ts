// A consumer-group member on @platformatic/kafka whose fetch positions are the store's: joins the group (the client
// heartbeats on its own timer), fetches each assigned partition from the offset the store holds, hands batches to the
// handler, and replaces its client when the client stops heartbeating (1.35 never looks the coordinator up again).

import { Consumer, type KafkaRecord } from '@platformatic/kafka';
import type { ConsumedBatch, ConsumedRecord, ConsumeOptions } from '@skimmer/core';
import type { KafkaBusOptions } from './kafkaBus.ts';
import { platformaticBaseOptions } from './platformaticOptions.ts';

/** A batch's member lost its partitions (the group rebalanced, or the member was replaced): the batch is given up. */
export class KafkaRebalanceError extends Error {
  constructor(group: string, partition: number) {
    super(`group ${group}: partition ${partition} was reassigned while its batch was being stored; the batch is given up and fetched again`);
    this.name = 'KafkaRebalanceError';
  }
}

/** Kafka's record-batch attribute of control batches (transaction markers): no records of the topic. */
const IS_CONTROL = 1 << 5;
/** Consecutive failed rounds (fetch or handler) after which the member gives up and `done` rejects. */
const MAX_FAILURES = 12;
const EMPTY = new Uint8Array(0);

type FetchResponse = Awaited<ReturnType<Consumer['fetch']>>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function headersOf(raw: KafkaRecord['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of raw) if (name !== null) headers[name.toString('utf8')] = value === null ? '' : value.toString('utf8');
  return headers;
}

/** The records of `partition` in a fetch response at or after `from` (control batches left out), and where the next fetch starts. */
export function fetchedRecords(
  topic: string,
  partition: number,
  batches: FetchResponse['responses'][number]['partitions'][number]['records'],
  from: bigint,
): { records: ConsumedRecord[]; next: bigint } {
  const records: ConsumedRecord[] = [];
  let next = from;
  for (const batch of batches ?? []) {
    const last = batch.firstOffset + BigInt(batch.lastOffsetDelta);
    if (last + 1n > next) next = last + 1n;
    if (batch.attributes & IS_CONTROL) continue;
    for (const record of batch.records) {
      const offset = batch.firstOffset + BigInt(record.offsetDelta);
      if (offset < from) continue;
      records.push({
        topic,
        partition,
        offset: offset.toString(),
        key: record.key === null ? null : record.key.toString('utf8'),
        value: record.value ?? EMPTY,
        headers: headersOf(record.headers),
        timestamp: Number(batch.firstTimestamp + record.timestampDelta),
      });
    }
  }
  return { records, next };
}

interface Fetched {
  /** The member generation the fetch was made in: results of an older one are dropped. */
  generation: number;
  partitions: number[];
  response?: FetchResponse;
  error?: unknown;
}

/** One member of `options.group` on `options.topic`; `start()` joins, `stop()` leaves. */
export class PlatformaticConsumption {
  readonly done: Promise<void>;
  private settle!: { resolve: () => void; reject: (err: unknown) => void };
  private consumer: Consumer | undefined;
  /** Bumped at every join and every client replacement: positions and in-flight fetches of older ones are void. */
  private generation = 0;
  /** Next offset to store per partition (the store's, then past each stored batch). */
  private readonly next = new Map<number, bigint>();
  /** Next offset to fetch per partition (past control batches too). */
  private readonly fetchFrom = new Map<number, bigint>();
  private readonly inflight = new Map<number, Promise<Fetched>>();
  private running = false;
  private loop: Promise<void> | undefined;
  private replaceRequested = false;
  private failures = 0;

  constructor(
    private readonly bus: KafkaBusOptions,
    private readonly options: ConsumeOptions,
    private readonly handler: (batch: ConsumedBatch) => Promise<void>,
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => {}); // the caller may never look; a rejection is still reported to whoever awaits `done`
  }

  private get sessionTimeout(): number {
    return this.bus.sessionTimeoutMs ?? 10_000;
  }

  private async join(): Promise<void> {
    const consumer = new Consumer({
      // Few retries: a request to a dead broker is better given up soon and made again on fresh metadata by run().
      ...platformaticBaseOptions(this.bus, this.bus.clientId ?? 'skimmer', 2),
      groupId: this.options.group,
      autocommit: false,
      sessionTimeout: this.sessionTimeout,
      rebalanceTimeout: this.sessionTimeout,
      heartbeatInterval: this.bus.heartbeatIntervalMs ?? 1_000,
      maxBytes: this.bus.fetchMaxBytes ?? 32 * 1024 * 1024,
      // Heartbeats run on the client's own timer, so a short poll only bounds how soon a new assignment is fetched.
      maxWaitTime: 500,
      minBytes: 1,
    });
    consumer.on('consumer:group:join', () => this.forget());
    // 1.35 stops heartbeating after a heartbeat fails for any reason but a rebalance (and keeps the first coordinator it
    // found): the member is then evicted without knowing it. A fresh client looks the coordinator up again.
    consumer.on('consumer:heartbeat:error', () => (this.replaceRequested = true));
    consumer.on('error', () => (this.replaceRequested = true));
    this.consumer = consumer;
    consumer.topics.track(this.options.topic);
    await consumer.joinGroup({});
  }

  private forget(): void {
    this.generation++;
    this.next.clear();
    this.fetchFrom.clear();
  }

  async start(): Promise<void> {
    await this.join();
    this.running = true;
    this.loop = this.run().then(
      () => this.settle.resolve(),
      (err: unknown) => this.settle.reject(err),
    );
  }

  async stop(): Promise<void> {
    if (!this.running && this.loop === undefined) return;
    this.running = false;
    await this.loop;
    this.loop = undefined;
    await this.leave();
    this.settle.resolve();
  }

  private async leave(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    this.inflight.clear();
    if (consumer === undefined) return;
    // Leaving tells the coordinator to rebalance now; a dead coordinator cannot be told: the session timeout does it.
    await Promise.race([new Promise<void>((resolve) => consumer.close(true, () => resolve())), sleep(3_000)]);
  }

  private async replace(): Promise<void> {
    this.replaceRequested = false;
    this.forget();
    await this.leave();
    await this.join();
  }

  private async storedNext(partition: number): Promise<bigint> {
    let next = this.next.get(partition);
    if (next === undefined) {
      const stored = (await this.options.fromOffsets?.([partition])) ?? [];
      next = BigInt(stored.find((s) => s.partition === partition)?.nextOffset ?? 0);
      this.next.set(partition, next);
      this.fetchFrom.set(partition, next);
    }
    return next;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (this.replaceRequested) await this.replace();
        const fetched = await this.fetchRound();
        if (fetched === undefined) {
          await sleep(100);
          continue;
        }
        if (fetched.error !== undefined) throw fetched.error;
        if (fetched.response !== undefined && fetched.generation === this.generation) await this.handle(fetched);
        this.failures = 0;
      } catch (err) {
        if (!this.running) return;
        if (++this.failures > MAX_FAILURES) throw err;
        // Positions are read from the store again: it alone knows what was stored.
        this.forget();
        this.consumer?.clearMetadata();
        await sleep(Math.min(300 * 2 ** (this.failures - 1), 5_000));
      }
    }
  }

  /** Starts a fetch for each leader of assigned partitions with none in flight, and returns the first one to finish. */
  private async fetchRound(): Promise<Fetched | undefined> {
    const consumer = this.consumer;
    if (consumer === undefined || !consumer.isActive()) return undefined;
    const assigned = consumer.assignments?.find((a) => a.topic === this.options.topic)?.partitions ?? [];
    if (assigned.length === 0 && this.inflight.size === 0) return undefined;
    const generation = this.generation;
    const metadata = await consumer.metadata({ topics: [this.options.topic] });
    const topic = metadata.topics.get(this.options.topic);
    if (topic === undefined) return undefined;
    const byLeader = new Map<number, number[]>();
    for (const partition of assigned) {
      if (this.inflight.has(partition)) continue;
      const leader = topic.partitions[partition]?.leader ?? -1;
      if (leader < 0) continue;
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), partition]);
    }
    for (const [leader, partitions] of byLeader) {
      const requests = [];
      for (const partition of partitions) {
        await this.storedNext(partition);
        requests.push({
          partition,
          fetchOffset: this.fetchFrom.get(partition)!,
          partitionMaxBytes: this.bus.fetchMaxBytesPerPartition ?? 8 * 1024 * 1024,
          currentLeaderEpoch: -1,
          lastFetchedEpoch: -1,
        });
      }
      if (generation !== this.generation) return undefined;
      const fetch: Promise<Fetched> = consumer.fetch({ node: leader, topics: [{ topicId: topic.id, partitions: requests }] }).then(
        (response) => ({ generation, partitions, response }),
        (error: unknown) => ({ generation, partitions, error }),
      );
      for (const partition of partitions) this.inflight.set(partition, fetch);
    }
    if (this.inflight.size === 0) return undefined;
    const fetched = await Promise.race(new Set(this.inflight.values()));
    for (const partition of fetched.partitions) this.inflight.delete(partition);
    return fetched;
  }

  /** Hands the fetched partitions to the handler, `partitionsConsumedConcurrently` at a time (default 1). */
  private async handle(fetched: Fetched): Promise<void> {
    const parts = fetched.response!.responses.flatMap((t) => t.partitions);
    let i = 0;
    const workers = Math.min(this.bus.partitionsConsumedConcurrently ?? 1, parts.length);
    // allSettled: no partition's handler may still run when a failure makes run() fetch again.
    const settled = await Promise.allSettled(
      Array.from({ length: workers }, async () => {
        while (i < parts.length) await this.handlePartition(parts[i++]!, fetched.generation);
      }),
    );
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  private async handlePartition(part: FetchResponse['responses'][number]['partitions'][number], generation: number): Promise<void> {
    const maxBatch = this.options.maxBatchSize ?? 500;
    const partition = part.partitionIndex;
    if (!this.running || generation !== this.generation) return;
    const next = await this.storedNext(partition);
    const { records, next: fetchNext } = fetchedRecords(this.options.topic, partition, part.records, next);
    for (let start = 0; start < records.length; start += maxBatch) {
      if (!this.running || generation !== this.generation) return;
      const slice = records.slice(start, start + maxBatch);
      const lastOffset = slice[slice.length - 1]!.offset;
      await this.handler({ topic: this.options.topic, partition, records: slice, lastOffset, heartbeat: () => this.heartbeat(generation, partition) });
      if (generation !== this.generation) return;
      this.next.set(partition, BigInt(lastOffset) + 1n);
    }
    if (generation === this.generation) this.fetchFrom.set(partition, fetchNext); // never before `next`: fetchedRecords starts there
  }

  /** The handler's heartbeat: fails when the partition may have moved to another member since its batch was fetched. */
  private async heartbeat(generation: number, partition: number): Promise<void> {
    if (generation !== this.generation || this.replaceRequested || this.consumer?.isActive() !== true) {
      throw new KafkaRebalanceError(this.options.group, partition);
    }
  }
}
