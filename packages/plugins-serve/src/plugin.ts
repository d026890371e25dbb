// The plugin the pipeline loads by package name for `serve` and `classify-stream`: registers the ServingProvider.

import { definePlugin, registerServingProvider } from '@skimmer/core';
import { servingProvider } from './servingProvider.ts';

/** Registers `TOKENS.ServingProvider`. */
export const servePlugin = definePlugin({
  name: '@skimmer/plugins-serve',
  register(ctx) {
    registerServingProvider(ctx.container, servingProvider);
  },
});
