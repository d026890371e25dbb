// Training a classifier from chunks read again for each pass, so a training set larger than memory can be learned from.

import { ClassifierError, type Classifier, type ClassifierFitOptions, type ClassifierFitReport } from './classifier.ts';
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

/** Rows a classifier trains on at once when it trains block by block (one `pipeline run` chunk). */
export const DEFAULT_TRAINING_BLOCK_ROWS = 20_000;

/** Spreads the shuffle (and augmentation) seeds of successive blocks apart (a prime). */
export const BLOCK_SEED_STEP = 104_729;

/** Throws a ClassifierError unless `labels` has one row per text and one column per class. */
export function checkSoftLabels(texts: readonly string[], labels: ProbMatrix, k: number): void {
  if (labels.n !== texts.length || labels.k !== k) {
    throw new ClassifierError(`soft labels are ${labels.n} × ${labels.k}, expected ${texts.length} × ${k} (one row per text, one column per class)`);
  }
}

/**
 * The chunks cut again into blocks of `size` rows (the last may be shorter), each chunk checked.
 *
 * @example
 * for await (const block of reblockTrainingChunks(chunks(), 20_000, 2)) block.texts.length; // 20,000, …, the rest
 */
export async function* reblockTrainingChunks(chunks: AsyncIterable<TrainingChunk>, size: number, k: number): AsyncIterable<TrainingChunk> {
  let texts: string[] = [];
  let data = new Float64Array(size * k);
  for await (const chunk of chunks) {
    checkSoftLabels(chunk.texts, chunk.labels, k);
    for (let i = 0; i < chunk.texts.length; i++) {
      data.set(chunk.labels.data.subarray(i * k, (i + 1) * k), texts.length * k);
      texts.push(chunk.texts[i]);
      if (texts.length === size) {
        yield { texts, labels: { n: size, k, data } };
        texts = [];
        data = new Float64Array(size * k);
      }
    }
  }
  if (texts.length > 0) yield { texts, labels: { n: texts.length, k, data: data.slice(0, texts.length * k) } };
}

/**
 * The whole training set when it is at most one block of `size` rows (a classifier then fits it as before), else
 * undefined (it has to be trained block by block). Reads no more than two blocks.
 *
 * @example
 * const whole = await singleBlock(chunks, 20_000, 2);
 * if (whole) return classifier.fit(whole.texts, whole.labels, options);
 */
export async function singleBlock(chunks: TrainingChunks, size: number, k: number): Promise<TrainingChunk | undefined> {
  const blocks = reblockTrainingChunks(chunks(), size, k)[Symbol.asyncIterator]();
  try {
    const first = await blocks.next();
    if (first.done) return { texts: [], labels: { n: 0, k, data: new Float64Array(0) } };
    return (await blocks.next()).done ? first.value : undefined;
  } finally {
    await blocks.return?.();
  }
}
