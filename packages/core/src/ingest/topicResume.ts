// Where a collector on a persistent bus (Kafka) resumes its source: read back from the last records it produced to the topic.

import type { Bus, ConsumedRecord } from '../bus.ts';
import { SkimmerError } from '../errors.ts';

/** Header names the pump writes with `resumeHeaders` (docs/decisions.md, "The collector resumes from the topic"). */
export const RESUME_HEADERS = { batch: 'skimmer-batch', resume: 'skimmer-resume', sourceKey: 'skimmer-source-key' } as const;

/** Where to resume: the source cursor (null: from the source's start) and the number of the next produced batch. */
export interface TopicResume {
  cursor: string | null;
  nextBatch: bigint;
}

export interface ReadTopicResumeOptions {
  /** Consumer group used to read the tail (its offsets are never used: it reads from explicit positions). */
  group: string;
  /** What the source reads (its provider's identity): a cursor written by another source is not resumed from. */
  sourceKey?: string;
  /** Give up reading the tail after this long. Default 30 s. */
  timeoutMs?: number;
}

/**
 * The resume point of a topic's collector. Each produced batch carries its number and the cursor the source was at
 * before the batch (`resume`); the pump awaits each batch's acknowledgement before the next, so every batch before the
 * newest one on the topic is whole, and re-reading the source from the newest batch's `resume` cursor gives again at
 * most that one batch (posts are upserted by id, so the overlap is harmless) and loses nothing acknowledged.
 * Records without the headers (other producers, older versions) are ignored; an empty topic resumes from the start, and
 * so does a newest batch written by another source (`sourceKey`: other replay files, other Bluesky filters), as on the
 * in-process bus.
 *
 * @example
 * const { cursor, nextBatch } = await readTopicResume(bus, 'posts', { group: 'skimmer-ingest-resume' });
 */
export async function readTopicResume(bus: Bus, topic: string, options: ReadTopicResumeOptions): Promise<TopicResume> {
  const ends = (await bus.endOffsets(topic)).filter((p) => BigInt(p.nextOffset) > 0n);
  if (ends.length === 0) return { cursor: null, nextBatch: 0n };
  const waiting = new Set(ends.map((p) => p.partition));
  const lastRecords: ConsumedRecord[] = [];
  let resolve = (): void => {};
  const allRead = new Promise<void>((r) => (resolve = r));
  const consumption = await bus.consume(
    {
      topic,
      group: options.group,
      fromOffsets: async (partitions) =>
        partitions.map((partition) => {
          const end = ends.find((p) => p.partition === partition);
          return { partition, nextOffset: end ? (BigInt(end.nextOffset) - 1n).toString() : '0' };
        }),
    },
    async (batch) => {
      lastRecords.push(batch.records[batch.records.length - 1]);
      waiting.delete(batch.partition);
      if (waiting.size === 0) resolve();
    },
  );
  const timeoutMs = options.timeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
  try {
    const outcome = await Promise.race([allRead, consumption.done, timedOut]);
    if (outcome === 'timeout')
      throw new SkimmerError(
        'BUS_TIMEOUT',
        `could not read the last records of topic ${topic} within ${timeoutMs} ms (partitions ${[...waiting].join(', ')})`,
        {
          topic,
        },
      );
  } finally {
    clearTimeout(timer);
    await consumption.stop();
  }
  return resumeOf(lastRecords, options.sourceKey);
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
