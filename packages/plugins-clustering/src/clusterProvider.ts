// The LF provider for `type: cluster` entries of config.yaml: the zod entry schema and the builder.

import { z } from 'zod';
import { ConfigError, type LFProvider } from '@skimmer/core';
import { clusterLFs } from './clusterLFs.ts';

/** One `type: cluster` entry of `lfs`. */
export const clusterEntrySchema = z
  .object({
    type: z.literal('cluster'),
    name: z.string().min(1),
    k: z.number().int().min(2).max(1000).optional(),
    vectorizer: z.enum(['tfidf', 'hashed-ngrams']).optional(),
    maxFeatures: z.number().int().min(16).max(16_384).optional(),
    minPurity: z.number().gt(0).max(1).optional(),
    minClusterGold: z.number().int().min(1).optional(),
    field: z.string().min(1).optional(),
    seed: z.number().int().optional(),
    maxTrainPoints: z.number().int().min(2).optional(),
  })
  .strict();
export type ClusterEntry = z.infer<typeof clusterEntrySchema>;

/**
 * Builds the cluster LFs of one `type: cluster` entry from the pipeline's train points and dev gold, and logs each
 * cluster's label, purity and sizes.
 *
 * @example
 * // config.yaml
 * // lfs:
 * //   - { type: cluster, name: cluster, k: 20, vectorizer: tfidf, minPurity: 0.8, seed: 7 }
 */
export const clusterProvider: LFProvider<ClusterEntry> = {
  type: 'cluster',
  entrySchema: clusterEntrySchema,
  create(entry, ctx) {
    if (ctx.dev === undefined) {
      throw new ConfigError('type', `cluster LFs "${entry.name}" need dev points with gold labels to name their clusters, and the pipeline has none`, {
        lf: entry.name,
      });
    }
    const { lfs, clusters, fitted } = clusterLFs(entry, { train: ctx.train, dev: ctx.dev, cardinality: ctx.cardinality, seed: ctx.seed });
    ctx.logger.info(
      { lf: entry.name, clusters, iterations: fitted.iterations, converged: fitted.converged, lfs: lfs.map((lf) => lf.name) },
      'cluster LFs built',
    );
    return lfs;
  },
};
