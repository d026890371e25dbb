// Public API of @skimmer/plugins-clustering: k-means cluster labeling functions (tf-idf or hashed n-grams, seeded).

import { definePlugin, registerLFProvider } from '@skimmer/core';
import { clusterProvider } from './clusterProvider.ts';

export * from './clusterLFs.ts';
export * from './clusterLabels.ts';
export * from './clusterProvider.ts';
export * from './cosineCentroids.ts';
export * from './featureIds.ts';
export * from './fitClusters.ts';
export * from './kmeansPlusPlus.ts';
export * from './textVectorizer.ts';
export * from './tokenize.ts';

/** Registers the `type: cluster` LF provider. */
export const clusteringPlugin = definePlugin({
  name: '@skimmer/plugins-clustering',
  register(ctx) {
    registerLFProvider(ctx.container, clusterProvider);
  },
});

export default clusteringPlugin;
