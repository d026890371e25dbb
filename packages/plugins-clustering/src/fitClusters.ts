// Clusters train texts: fits the vectoriser, seeds k-means++ and runs ml-kmeans, all reproducible from one seed.

import { kmeans } from 'ml-kmeans';
import { DataError, seededRandom, shuffleInPlace } from '@skimmer/core';
import { CosineCentroids } from './cosineCentroids.ts';
import { kmeansPlusPlus } from './kmeansPlusPlus.ts';
import { fitTextVectorizer, type TextVectorizer, type VectorizerKind } from './textVectorizer.ts';

/** Settings for {@link fitClusters}. */
export interface ClusterFitOptions {
  readonly k: number;
  readonly vectorizer: VectorizerKind;
  readonly maxFeatures: number;
  readonly seed: number;
  /** Cluster at most this many train texts (a seeded sample); memory is about 16 × maxTrainPoints × maxFeatures bytes. */
  readonly maxTrainPoints: number;
  readonly maxIterations?: number;
}

/** Fitted clusters: how to vectorise a text and which centroid it falls to. */
export interface FittedClusters {
  readonly vectorizer: TextVectorizer;
  readonly centroids: CosineCentroids;
  /** Train texts per cluster (of those clustered). */
  readonly sizes: Int32Array;
  readonly iterations: number;
  readonly converged: boolean;
}

/** The texts to cluster: all of them, or a seeded sample of `max` in their original order. */
function sampleTexts(texts: readonly string[], max: number, seed: number): readonly string[] {
  if (texts.length <= max) return texts;
  const order = shuffleInPlace(
    Int32Array.from(texts, (_, i) => i),
    seededRandom(seed ^ 0x5bd1e995),
  );
  return Array.from(order.subarray(0, max))
    .sort((a, b) => a - b)
    .map((i) => texts[i]);
}

/**
 * Clusters `texts` into `k` groups: tf-idf or hashed n-gram vectors (unit length), k-means++ seeding from `seed`,
 * then Lloyd iterations by ml-kmeans. Same texts, options and seed → the same clusters. Throws a {@link DataError}
 * when there are fewer texts than clusters.
 *
 * @example
 * const fitted = fitClusters(trainTexts, { k: 20, vectorizer: 'tfidf', maxFeatures: 1024, seed: 1, maxTrainPoints: 10_000 });
 * fitted.centroids.nearest(fitted.vectorizer.transform('check out my channel')); // a cluster index
 */
export function fitClusters(texts: readonly string[], options: ClusterFitOptions): FittedClusters {
  const sample = sampleTexts(texts, options.maxTrainPoints, options.seed);
  if (sample.length < options.k) {
    throw new DataError(`k-means needs at least k = ${options.k} train texts, got ${sample.length}`, { field: 'k', k: options.k, texts: sample.length });
  }
  const vectorizer = fitTextVectorizer(sample, { kind: options.vectorizer, maxFeatures: options.maxFeatures });
  const rows = sample.map((t) => vectorizer.transform(t));
  const initial = kmeansPlusPlus(rows, options.k, options.seed).map((i) => Array.from(rows[i]));
  const result = kmeans(
    rows.map((r) => Array.from(r)),
    options.k,
    { initialization: initial, seed: options.seed, maxIterations: options.maxIterations ?? 100 },
  );
  const sizes = new Int32Array(options.k);
  for (const c of result.clusters) sizes[c]++;
  return {
    vectorizer,
    centroids: new CosineCentroids(result.centroids),
    sizes,
    iterations: result.iterations,
    converged: result.converged,
  };
}
