// Training a classifier from chunks read again for each pass, so a training set larger than memory can be learned from.

import type { Classifier, ClassifierFitOptions, ClassifierFitReport } from './classifier.ts';
import type { ProbMatrix } from './labelMatrix.ts';

/** Some training rows: texts and their soft labels (one row per text). */
export interface TrainingChunk {
  readonly texts: readonly string[];
  readonly labels: ProbMatrix;
}

/** The training rows, chunk by chunk; each call reads them again from the start, in the same order. */
export type TrainingChunks = () => AsyncIterable<TrainingChunk>;

/** A classifier that trains from chunks without holding the whole training set. */
export interface StreamingClassifier extends Classifier {
  fitChunks(chunks: TrainingChunks, options?: ClassifierFitOptions): Promise<ClassifierFitReport>;
}

/** True when `classifier` can train from chunks (`fitChunks`). */
export function canFitChunks(classifier: Classifier): classifier is StreamingClassifier {
  return typeof (classifier as Partial<StreamingClassifier>).fitChunks === 'function';
}

/**
 * Fits `classifier` on the rows `chunks` yields: through `fitChunks` when it has one (bounded memory), else by
 * gathering every chunk and calling `fit` (the whole training set in memory, as before).
 *
 * @example
 * await fitFromChunks(classifier, 2, async function* () { yield { texts: ['a', 'b'], labels: { n: 2, k: 2, data } }; });
 */
export async function fitFromChunks(classifier: Classifier, k: number, chunks: TrainingChunks, options?: ClassifierFitOptions): Promise<ClassifierFitReport> {
  if (canFitChunks(classifier)) return classifier.fitChunks(chunks, options);
  const texts: string[] = [];
  const parts: Float64Array[] = [];
  for await (const chunk of chunks()) {
    for (const text of chunk.texts) texts.push(text);
    parts.push(chunk.labels.data);
  }
  const data = new Float64Array(texts.length * k);
  let at = 0;
  for (const part of parts) {
    data.set(part, at);
    at += part.length;
  }
  return classifier.fit(texts, { n: texts.length, k, data }, options);
}
