// The streaming classifier's batch handler: bus records → Posts → predictions, written with the posts, URL labels and offsets in one transaction.

import type { ConsumedBatch } from '../bus.ts';
import type { Classifier } from '../classifier.ts';
import { payloadProblemOf } from '../ingest/decodePosts.ts';
import { decodeBatch } from '../ingest/ingestBatchHandler.ts';
import type { PostDecoder } from '../ingest/postDecoder.ts';
import { writeBatchWithRetries, type WriteRetryOptions } from '../ingest/writeBatchWithRetries.ts';
import type { PayloadLimits, Prediction, PredictionBatch, SavedPredictions } from '../store.ts';

/** The model a stream classifies with: its id (written with each prediction) and the classifier. */
export interface StreamModel {
  id: string;
  classifier: Pick<Classifier, 'predictProba' | 'classNames'>;
}

/** The part of the store the streaming classifier writes through (`Store['predictions']`); what it cannot keep is skipped. */
export interface PredictionTarget extends PayloadLimits {
  saveBatch(batch: PredictionBatch): Promise<SavedPredictions>;
}

/** Store writes that fail are retried (`WriteRetryOptions`: 6 more tries, doubling delays from 200 ms up to 5 s). */
export interface ClassifyHandlerOptions extends WriteRetryOptions {
  target: PredictionTarget;
  /** Asked once per batch, so a reload takes effect at the next batch. */
  model: () => StreamModel;
  /** Consumer group whose offsets are stored with the predictions. */
  group: string;
  /** The class index of relevant posts (counted in `onStored`). */
  relevant: number;
  /** Post.source when a record has no `source` header. Default 'bus'. */
  defaultSource?: string;
  /** Payload formats the records may be in (`postDecodersOf(container)`). Default none: flat rows only. */
  decoders?: readonly PostDecoder[];
  onStored?: (result: { records: number; predictions: number; redelivered: number; relevant: number; labelledUrls: number; partition: number }) => void;
}

/** One prediction per post: the arg-max class and its probability, with the full distribution. */
export function toPredictions(postIds: readonly string[], probs: { n: number; k: number; data: Float64Array }, modelId: string): Prediction[] {
  const out: Prediction[] = [];
  for (let i = 0; i < probs.n; i++) {
    const row = probs.data.subarray(i * probs.k, (i + 1) * probs.k);
    let best = 0;
    for (let c = 1; c < probs.k; c++) if (row[c] > row[best]) best = c;
    out.push({ postId: postIds[i], modelId, label: best, probability: row[best], probs: Array.from(row) });
  }
  return out;
}

/**
 * Builds the handler `Bus.consume` calls: decodes the batch (undecodable records are skipped: ingest dead-letters
 * them), classifies the posts and stores predictions, URL labels and the partition offset in one transaction, so
 * each post is classified exactly once however often the bus delivers it.
 *
 * @example
 * await bus.consume({ topic: 'posts', group: 'classify', fromOffsets: () => store.posts.readOffsets('classify', 'posts') },
 *   classifyBatchHandler({ target: store.predictions, model: () => model, group: 'classify', relevant: 1 }));
 */
export function classifyBatchHandler(options: ClassifyHandlerOptions): (batch: ConsumedBatch) => Promise<void> {
  return async (batch) => {
    if (batch.records.length === 0) return;
    const { posts } = decodeBatch(batch.records, options.defaultSource ?? 'bus', payloadProblemOf(options.target), options.decoders);
    const model = options.model();
    const predictions = toPredictions(
      posts.map((p) => p.id),
      await model.classifier.predictProba(posts.map((p) => p.text)),
      model.id,
    );
    const write: PredictionBatch = {
      predictions,
      posts,
      labelUrls: true,
      offsets: [{ consumerGroup: options.group, topic: batch.topic, partition: batch.partition, offset: batch.lastOffset }],
    };
    const relevant = predictions.reduce((n, p) => n + (p.label === options.relevant ? 1 : 0), 0);
    const result = await writeBatchWithRetries(batch, () => options.target.saveBatch(write), options);
    options.onStored?.({
      records: batch.records.length,
      predictions: result.predictions,
      redelivered: result.redelivered,
      relevant,
      labelledUrls: result.labelledUrls,
      partition: batch.partition,
    });
  };
}
