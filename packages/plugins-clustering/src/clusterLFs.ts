// clusterLFs: k-means clusters of train texts, labelled by dev gold, as one labeling function per labelled cluster.

import { ABSTAIN, ConfigError, labelingFunction, type DataPoint, type LabelingFunction } from '@skimmer/core';
import { labelClusters, type ClusterLabel } from './clusterLabels.ts';
import { fitClusters, type FittedClusters } from './fitClusters.ts';
import type { VectorizerKind } from './textVectorizer.ts';

/** Options of {@link clusterLFs} (the `type: cluster` config entry without `type`). */
export interface ClusterLFOptions {
  /** Prefix of the LF names: cluster j's LF is `${name}_c${j}`. */
  readonly name: string;
  /** Number of clusters (default 20). */
  readonly k?: number;
  /** Default 'tfidf'. */
  readonly vectorizer?: VectorizerKind;
  /** Vector length (default 1024). */
  readonly maxFeatures?: number;
  /** Default 0.8. */
  readonly minPurity?: number;
  /** Default 3. */
  readonly minClusterGold?: number;
  /** Field of the data point holding the text (default `text`). */
  readonly field?: string;
  /** k-means seed (default: the pipeline's seed). */
  readonly seed?: number;
  /** Train texts clustered at most (a seeded sample; default 10,000). */
  readonly maxTrainPoints?: number;
}

/** The data clusters are fitted and labelled on. */
export interface ClusterLFData {
  readonly train: readonly DataPoint[];
  readonly dev: { readonly points: readonly DataPoint[]; readonly labels: ArrayLike<number> };
  readonly cardinality: number;
  /** Used when the options give no seed. */
  readonly seed: number;
}

/** The LFs and what was learned to build them (for logs and reports). */
export interface ClusterLFResult {
  readonly lfs: LabelingFunction[];
  /** Every cluster, labelled or not, with its dev gold count, purity and train size. */
  readonly clusters: (ClusterLabel & { readonly trainSize: number })[];
  readonly fitted: FittedClusters;
}

/** Texts are cached by content so the k cluster LFs vectorise each point once; the cache is emptied when it gets this big. */
const CACHE_LIMIT = 50_000;

function fieldText(point: DataPoint, field: string): string {
  const value = point[field];
  return typeof value === 'string' ? value : '';
}

/** A memoised point → cluster index function (-1: no cluster) shared by one clustering's LFs. */
function clusterAssigner(fitted: FittedClusters, field: string): (point: DataPoint) => number {
  const cache = new Map<string, number>();
  return (point) => {
    const text = fieldText(point, field);
    let cluster = cache.get(text);
    if (cluster === undefined) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cluster = fitted.centroids.nearest(fitted.vectorizer.transform(text));
      cache.set(text, cluster);
    }
    return cluster;
  };
}

/**
 * Clusters the train texts with k-means, maps each cluster to the majority gold label of the dev points nearest to
 * its centroid (when purity ≥ minPurity and it has ≥ minClusterGold gold points), and returns one LF per labelled
 * cluster, named `${name}_c${j}`: it votes the cluster's label for a point whose nearest centroid (cosine) is j, else
 * abstains. Separate LFs let the label model learn a weight per cluster. Same data, options and seed → same LFs and votes.
 *
 * @example
 * const { lfs, clusters } = clusterLFs({ name: 'cluster', k: 20, seed: 1 }, { train, dev: { points, labels }, cardinality: 2, seed: 0 });
 * lfs.map((lf) => lf.name); // e.g. ['cluster_c3', 'cluster_c7', ...]
 */
export function clusterLFs(options: ClusterLFOptions, data: ClusterLFData): ClusterLFResult {
  const k = options.k ?? 20;
  const field = options.field ?? 'text';
  if (data.dev.points.length !== data.dev.labels.length) {
    throw new ConfigError('dev', `cluster LFs "${options.name}": ${data.dev.points.length} dev points but ${data.dev.labels.length} gold labels`, {
      lf: options.name,
    });
  }
  const fitted = fitClusters(
    data.train.map((p) => fieldText(p, field)),
    {
      k,
      vectorizer: options.vectorizer ?? 'tfidf',
      maxFeatures: options.maxFeatures ?? 1024,
      seed: options.seed ?? data.seed,
      maxTrainPoints: options.maxTrainPoints ?? 10_000,
    },
  );
  const assign = clusterAssigner(fitted, field);
  const labels = labelClusters(data.dev.points.map(assign), data.dev.labels, {
    k,
    cardinality: data.cardinality,
    minPurity: options.minPurity ?? 0.8,
    minClusterGold: options.minClusterGold ?? 3,
  });
  const lfs = labels
    .filter((c) => c.label !== ABSTAIN)
    .map(({ cluster, label }) =>
      labelingFunction({ name: `${options.name}_c${cluster}`, labels: [label], apply: (point) => (assign(point) === cluster ? label : ABSTAIN) }),
    );
  return { lfs, clusters: labels.map((c) => ({ ...c, trainSize: fitted.sizes[c.cluster] })), fitted };
}
