// The in-process Bus of the embedded default: partitioned topics in memory, one member per consumer group, offsets acknowledged after the handler.

import type { Bus, BusRecord, ConsumedBatch, ConsumedRecord, ConsumeOptions, Consumption } from '../bus.ts';
import { ConfigError } from '../errors.ts';
import type { OffsetPosition } from '../store.ts';

interface Topic {
  partitions: ConsumedRecord[][];
  roundRobin: number;
}

/** FNV-1a, 32 bits: the partition of a key (same key, same partition). */
export function keyPartition(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}

export interface InProcessBusOptions {
  /** Partitions of a topic that `produce` creates on first use. Default 1. */
  defaultPartitions?: number;
}

/**
 * A Bus inside one process: records live in memory until the process ends. Each group has at most one member,
 * which reads every partition; its position moves only after the handler resolved, and a new member of the
 * group resumes from `fromOffsets` (the store), else from where the last member stopped.
 *
 * @example
 * const bus = new InProcessBus();
 * await bus.ensureTopic('posts', 2);
 * await bus.produce('posts', [{ key: '1', value: '{"id":"1"}' }]);
 * const run = await bus.consume({ topic: 'posts', group: 'g' }, async (batch) => console.log(batch.records.length));
 */
export class InProcessBus implements Bus {
  /** Records and positions end with the process. */
  readonly persistent = false;
  private readonly topics = new Map<string, Topic>();
  private readonly committed = new Map<string, Map<number, number>>();
  private wake: Array<() => void> = [];
  private readonly defaultPartitions: number;

  constructor(options: InProcessBusOptions = {}) {
    this.defaultPartitions = options.defaultPartitions ?? 1;
  }

  async ensureTopic(topic: string, partitions: number): Promise<void> {
    if (!Number.isInteger(partitions) || partitions < 1) throw new ConfigError('partitions', `must be a positive integer, got ${partitions}`, { topic });
    if (!this.topics.has(topic)) this.topics.set(topic, { partitions: Array.from({ length: partitions }, () => []), roundRobin: 0 });
  }

  async produce(topic: string, records: readonly BusRecord[]): Promise<void> {
    await this.ensureTopic(topic, this.defaultPartitions);
    const t = this.topics.get(topic)!;
    const encoder = new TextEncoder();
    for (const record of records) {
      const partition = record.key === null ? t.roundRobin++ % t.partitions.length : keyPartition(record.key, t.partitions.length);
      const log = t.partitions[partition];
      const value = typeof record.value === 'string' ? encoder.encode(record.value) : record.value;
      log.push({ topic, partition, offset: String(log.length), key: record.key, value, headers: { ...record.headers }, timestamp: Date.now() });
    }
    const waiting = this.wake;
    this.wake = [];
    for (const resolve of waiting) resolve();
  }

  async endOffsets(topic: string): Promise<OffsetPosition[]> {
    return (this.topics.get(topic)?.partitions ?? []).map((log, partition) => ({ partition, nextOffset: String(log.length) }));
  }

  async consume(options: ConsumeOptions, handler: (batch: ConsumedBatch) => Promise<void>): Promise<Consumption> {
    await this.ensureTopic(options.topic, this.defaultPartitions);
    const logs = this.topics.get(options.topic)!.partitions;
    const groupKey = `${options.group}\u0000${options.topic}`;
    const committed = this.committed.get(groupKey) ?? new Map<number, number>();
    this.committed.set(groupKey, committed);
    const partitions = logs.map((_, p) => p);
    for (const { partition, nextOffset } of (await options.fromOffsets?.(partitions)) ?? []) committed.set(partition, Number(nextOffset));
    const maxBatch = options.maxBatchSize ?? 500;
    let stopped = false;
    let stopWaiting = (): void => {};

    const loop = async (): Promise<void> => {
      let next = 0;
      while (!stopped) {
        const partition = partitions.find((_, i) => {
          const p = (next + i) % partitions.length;
          return (committed.get(p) ?? 0) < logs[p].length;
        });
        if (partition === undefined) {
          await new Promise<void>((resolve) => {
            stopWaiting = resolve;
            this.wake.push(resolve);
          });
          continue;
        }
        const p = (next + partition) % partitions.length;
        next = p + 1;
        const from = committed.get(p) ?? 0;
        const records = logs[p].slice(from, from + maxBatch);
        await handler({ topic: options.topic, partition: p, records, lastOffset: records[records.length - 1].offset, heartbeat: async () => {} });
        committed.set(p, from + records.length);
      }
    };
    const done = loop();
    return {
      done,
      async stop() {
        stopped = true;
        stopWaiting();
        await done.catch(() => {});
      },
    };
  }

  async close(): Promise<void> {
    const waiting = this.wake;
    this.wake = [];
    for (const resolve of waiting) resolve();
  }
}
