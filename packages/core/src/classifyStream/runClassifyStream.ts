// The streaming-classification run: a consumer group on the posts topic that classifies and stores until stopped, or until caught up.

import type { Bus } from '../bus.ts';
import type { OffsetPosition } from '../store.ts';
import { runConsumer, untilAborted, waitUntilCaughtUp } from '../consumerRun.ts';
import type { PostDecoder } from '../ingest/postDecoder.ts';
import { classifyBatchHandler, type PredictionTarget, type StreamModel } from './classifyBatchHandler.ts';

export interface RunClassifyStreamOptions {
  bus: Bus;
  predictions: PredictionTarget;
  /** Where the group resumes: the offsets stored with the predictions (`store.posts.readOffsets`). */
  readOffsets: (group: string, topic: string) => Promise<OffsetPosition[]>;
  model: () => StreamModel;
  /** The class index of relevant posts. */
  relevant: number;
  topic?: string;
  group?: string;
  /** Records per batch. Default 500. */
  batchSize?: number;
  /** Payload formats the records may be in (`postDecodersOf(container)`). Default none: flat rows only. */
  decoders?: readonly PostDecoder[];
  /** Resolve once the stored offsets reach the topic's end (replays, tests); default: run until stopped. */
  untilCaughtUp?: boolean;
  /** Store writes that fail are retried this many times before the run fails. Default 6. */
  retries?: number;
  /** Stop after this long. */
  durationMs?: number;
  signal?: AbortSignal;
  onProgress?: (stats: ClassifyStreamStats) => void;
}

export interface ClassifyStreamStats {
  /** Records consumed (malformed and re-delivered ones included). */
  consumed: number;
  /** Predictions newly stored. */
  predictions: number;
  /** Predictions of posts already stored (a record delivered again, a post repeated): updated, not counted above. */
  redelivered: number;
  /** Consumed records classified into the relevant class (re-delivered ones included). */
  relevant: number;
  /** post_urls rows whose label was set or changed. */
  labelledUrls: number;
}

/**
 * Runs the streaming classifier. It seeks to the offsets stored with the predictions on every start, so a
 * consumer killed at any point and started again classifies each record exactly once.
 *
 * @example
 * const stats = await runClassifyStream({ bus, predictions: store.predictions, readOffsets: (g, t) => store.posts.readOffsets(g, t),
 *   model: () => slot.current(), relevant: 1, untilCaughtUp: true });
 */
export async function runClassifyStream(options: RunClassifyStreamOptions): Promise<ClassifyStreamStats> {
  const topic = options.topic ?? 'posts';
  const group = options.group ?? 'skimmer-classify';
  const stats: ClassifyStreamStats = { consumed: 0, predictions: 0, redelivered: 0, relevant: 0, labelledUrls: 0 };
  const run = {
    bus: options.bus,
    topic,
    group,
    batchSize: options.batchSize,
    readOffsets: options.readOffsets,
    durationMs: options.durationMs,
    signal: options.signal,
    handler: classifyBatchHandler({
      target: options.predictions,
      model: options.model,
      group,
      relevant: options.relevant,
      decoders: options.decoders,
      retries: options.retries,
      onStored: (r) => {
        stats.consumed += r.records;
        stats.predictions += r.predictions;
        stats.redelivered += r.redelivered;
        stats.relevant += r.relevant;
        stats.labelledUrls += r.labelledUrls;
        options.onProgress?.({ ...stats });
      },
    }),
  };
  await runConsumer(run, (stop) => (options.untilCaughtUp ? waitUntilCaughtUp(run, stop, 50) : untilAborted(stop)));
  return stats;
}
