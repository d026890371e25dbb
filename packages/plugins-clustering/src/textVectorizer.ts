// Fits a text vectoriser on train texts: feature ids (vocabulary or hashed n-grams) weighted by tf-idf and L2-normalised.

import { tokenize } from './tokenize.ts';
import { fitVocabulary, hashedNgramIndexer, type FeatureIndexer } from './featureIds.ts';

/** `tfidf`: the `maxFeatures` most frequent train words; `hashed-ngrams`: word 1-2-grams hashed into `maxFeatures` buckets. */
export type VectorizerKind = 'tfidf' | 'hashed-ngrams';

/** Settings for {@link fitTextVectorizer}. */
export interface TextVectorizerOptions {
  readonly kind: VectorizerKind;
  /** Vector length (vocabulary size cap, or number of hash buckets). */
  readonly maxFeatures: number;
  /** tfidf only: a word must occur in at least this many train texts (default 2). */
  readonly minDf?: number;
}

/** A fitted vectoriser: dense, L2-normalised rows (all zeros for a text with no known feature). */
export interface TextVectorizer {
  readonly dimension: number;
  /** Vocabulary terms by feature id (tfidf only), to describe clusters. */
  readonly terms: readonly string[] | undefined;
  transform(text: string): Float64Array;
}

/**
 * Fits the vectoriser: feature weight = (1 + ln tf) × idf with smoothed idf = ln((1 + n) / (1 + df)) + 1 (scikit-learn's),
 * then each row is scaled to unit length, so squared Euclidean distance orders neighbours like cosine similarity.
 *
 * @example
 * const v = fitTextVectorizer(['check out my channel', 'great song'], { kind: 'tfidf', maxFeatures: 4096, minDf: 1 });
 * v.transform('my song').length; // v.dimension (7)
 */
export function fitTextVectorizer(texts: readonly string[], options: TextVectorizerOptions): TextVectorizer {
  const docs = texts.map(tokenize);
  let indexer: FeatureIndexer;
  let terms: readonly string[] | undefined;
  if (options.kind === 'tfidf') {
    ({ indexer, terms } = fitVocabulary(docs, { maxFeatures: options.maxFeatures, minDf: options.minDf ?? 2 }));
  } else {
    indexer = hashedNgramIndexer(options.maxFeatures);
  }
  const { dimension } = indexer;
  const df = new Float64Array(dimension);
  for (const doc of docs) for (const id of new Set(indexer.ids(doc))) df[id]++;
  const idf = df.map((d) => Math.log((1 + docs.length) / (1 + d)) + 1);

  const transform = (text: string): Float64Array => {
    const row = new Float64Array(dimension);
    for (const id of indexer.ids(tokenize(text))) row[id]++;
    let norm = 0;
    for (let j = 0; j < dimension; j++) {
      if (row[j] === 0) continue;
      row[j] = (1 + Math.log(row[j])) * idf[j];
      norm += row[j] * row[j];
    }
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let j = 0; j < dimension; j++) row[j] *= scale;
    }
    return row;
  };
  return { dimension, terms, transform };
}
