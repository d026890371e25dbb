// Where a collector on a persistent bus (Kafka) resumes its source: read back from the last records it produced to the topic.

import type { Bus, ConsumedRecord } from '../bus.ts';
import type { Logger } from '../plugin.ts';

/** Header names the pump writes with `resumeHeaders` (docs/decisions.md, "The collector resumes from the topic"). */
export const RESUME_HEADERS = { batch: 'skimmer-batch', resume: 'skimmer-resume', sourceKey: 'skimmer-source-key' } as const;

/** Where to resume: the source cursor (null: from the source's start) and the number of the next produced batch. */
export interface TopicResume {
  cursor: string | null;
  nextBatch: bigint;
}

export interface ReadTopicResumeOptions {
  /** Consumer group used to read the tail (it reads from explicit positions and commits nothing). */
  group: string;
  /** What the source reads (its provider's identity): a cursor written by another source is not resumed from. */
  sourceKey?: string;
  /** Records read back from the end of each partition. Default `RESUME_TAIL_RECORDS`. */
  tailRecords?: number;
  /** Stop waiting for the tail after this long: partitions not read by then count as holding no resume headers. Default 30 s. */
  timeoutMs?: number;
  /** Told (warn) when a partition's tail did not arrive in time. */
  logger?: Pick<Logger, 'warn'>;
}

/** Records read back from the end of each partition: the last one. */
export const RESUME_TAIL_RECORDS = 1;

/** The offsets of one partition to read back: `from` to `last`, inclusive. */
interface TailRange {
  partition: number;
  from: bigint;
  last: bigint;
}

/** The last `tail` records of each partition still holding any (a partition emptied by retention has low = high). */
async function tailRanges(bus: Bus, topic: string, tail: bigint): Promise<TailRange[]> {
  const ends = await bus.endOffsets(topic);
  const starts = new Map((bus.startOffsets ? await bus.startOffsets(topic) : []).map((p) => [p.partition, BigInt(p.nextOffset)]));
  return ends
    .map((p) => {
      const end = BigInt(p.nextOffset);
      const low = starts.get(p.partition) ?? 0n;
      return { partition: p.partition, from: end - tail > low ? end - tail : low, last: end - 1n };
    })
    .filter((range) => range.from <= range.last);
}

/**
 * The resume point of a topic's collector. Each produced batch carries its number and the cursor the source was at
 * before the batch (`resume`); the pump awaits each batch's acknowledgement before the next, so every batch before the
 * newest one on the topic is whole, and re-reading the source from the newest batch's `resume` cursor gives again at
 * most that one batch (posts are upserted by id, so the overlap is harmless) and loses nothing acknowledged.
 * The last record of each partition is read back (from explicit positions: `seekOnAssign`, whatever the reading group
 * did before). Records without the headers (other producers, older versions) are ignored; an empty topic resumes from
 * the start, and so does a newest batch written by another source (`sourceKey`), as on the in-process bus.
 *
 * @example
 * const { cursor, nextBatch } = await readTopicResume(bus, 'posts', { group: 'skimmer-ingest-resume' });
 */
export async function readTopicResume(bus: Bus, topic: string, options: ReadTopicResumeOptions): Promise<TopicResume> {
  const tail = options.tailRecords ?? RESUME_TAIL_RECORDS;
  const ranges = await tailRanges(bus, topic, BigInt(tail));
  if (ranges.length === 0) return { cursor: null, nextBatch: 0n };
  const waiting = new Set(ranges.map((r) => r.partition));
  const records: ConsumedRecord[] = [];
  let resolve = (): void => {};
  const allRead = new Promise<void>((r) => (resolve = r));
  const consumption = await bus.consume(
    {
      topic,
      group: options.group,
      seekOnAssign: true,
      fromOffsets: async (partitions) =>
        partitions.map((partition) => {
          const range = ranges.find((r) => r.partition === partition);
          // A partition with nothing to read starts at its end (no record to wait for).
          return { partition, nextOffset: range ? range.from.toString() : '0' };
        }),
    },
    async (batch) => {
      const range = ranges.find((r) => r.partition === batch.partition);
      if (range === undefined) return;
      for (const record of batch.records) if (BigInt(record.offset) >= range.from && BigInt(record.offset) <= range.last) records.push(record);
      if (BigInt(batch.lastOffset) >= range.last && waiting.delete(batch.partition) && waiting.size === 0) resolve();
    },
  );
  const timeoutMs = options.timeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
  try {
    const outcome = await Promise.race([allRead, consumption.done, timedOut]);
    if (outcome === 'timeout')
      options.logger?.warn(
        { topic, partitions: [...waiting] },
        `collector resume: partitions ${[...waiting].join(', ')} of topic ${topic} returned no records within ${timeoutMs} ms; they count as holding no resume headers`,
      );
  } finally {
    clearTimeout(timer);
    await consumption.stop();
  }
  return resumeOf(records, options.sourceKey);
}

/** The resume point given the last record of each partition: that of the newest batch among them, if `sourceKey` wrote it. */
export function resumeOf(lastRecords: readonly Pick<ConsumedRecord, 'headers'>[], sourceKey?: string): TopicResume {
  let newest: { batch: bigint; cursor: string | null } | undefined;
  for (const { headers } of lastRecords) {
    const batch = headers[RESUME_HEADERS.batch];
    if (batch === undefined || !/^\d+$/.test(batch)) continue;
    const n = BigInt(batch);
    const sameSource = headers[RESUME_HEADERS.sourceKey] === sourceKey;
    if (newest === undefined || n > newest.batch) newest = { batch: n, cursor: sameSource ? (headers[RESUME_HEADERS.resume] ?? null) : null };
  }
  return newest ? { cursor: newest.cursor, nextBatch: newest.batch + 1n } : { cursor: null, nextBatch: 0n };
}
