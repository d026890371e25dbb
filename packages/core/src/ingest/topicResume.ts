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
  /** Records read back from the end of each partition to find the newest batch of `sourceKey`. Default `RESUME_TAIL_RECORDS`. */
  tailRecords?: number;
  /** Stop waiting for the tail after this long: partitions not read by then count as holding no resume headers. Default 30 s. */
  timeoutMs?: number;
  /** Told (warn) when a partition's tail did not arrive in time, or the tail holds no batch of `sourceKey`. */
  logger?: Pick<Logger, 'warn'>;
}

/**
 * Records read back from the end of each partition (docs/ingest.md, "Where the collector resumes"): with several
 * collectors of different sources on one topic, the newest batch of this collector's source must be among them.
 */
export const RESUME_TAIL_RECORDS = 2_000;

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
 * The last `tailRecords` of each partition are read back (from explicit positions: `seekOnAssign`), and the cursor is
 * that of the newest batch `sourceKey` wrote among them, so another source's newer batches on the same topic do not
 * hide it. Records without the headers (other producers, older versions) are ignored; an empty topic resumes from the
 * start, and so does a tail without a batch of this source (with a warning), as on the in-process bus.
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
  const { resume, foreignOnly } = newestBatches(records, options.sourceKey);
  if (foreignOnly)
    options.logger?.warn(
      { topic, sourceKey: options.sourceKey, tailRecords: tail },
      `collector resume: the last ${tail} records of each partition of topic ${topic} hold no batch of this source (${options.sourceKey ?? 'no source key'}): starting it without a cursor`,
    );
  return resume;
}

/** The resume point given records of the topic (e.g. each partition's tail): see `readTopicResume`. */
export function resumeOf(records: readonly Pick<ConsumedRecord, 'headers'>[], sourceKey?: string): TopicResume {
  return newestBatches(records, sourceKey).resume;
}

/**
 * The next batch number (after the newest batch of any source) and the cursor of the newest batch `sourceKey` wrote;
 * `foreignOnly` when batches exist but none of `sourceKey`.
 */
function newestBatches(records: readonly Pick<ConsumedRecord, 'headers'>[], sourceKey?: string): { resume: TopicResume; foreignOnly: boolean } {
  let newest: bigint | undefined;
  let own: { batch: bigint; cursor: string | null } | undefined;
  for (const { headers } of records) {
    const batch = headers[RESUME_HEADERS.batch];
    if (batch === undefined || !/^\d+$/.test(batch)) continue;
    const n = BigInt(batch);
    if (newest === undefined || n > newest) newest = n;
    if (headers[RESUME_HEADERS.sourceKey] === sourceKey && (own === undefined || n > own.batch))
      own = { batch: n, cursor: headers[RESUME_HEADERS.resume] ?? null };
  }
  if (newest === undefined) return { resume: { cursor: null, nextBatch: 0n }, foreignOnly: false };
  return { resume: { cursor: own?.cursor ?? null, nextBatch: newest + 1n }, foreignOnly: own === undefined };
}
