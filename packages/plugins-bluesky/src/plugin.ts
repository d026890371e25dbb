// The @skimmer/plugins-bluesky plugin: registers the `bluesky` source provider (Jetstream) for `ingest.source.type: bluesky`.

import { createHash } from 'node:crypto';
import { definePlugin, registerSourceProvider } from '@skimmer/core';
import type { SourceProvider } from '@skimmer/core';
import { jetstreamSource } from './jetstreamSource.ts';
import { blueskySourceOptions } from './options.ts';
import type { BlueskySourceOptions } from './options.ts';

/**
 * Builds Jetstream sources from `ingest.source`. Its identity names the endpoint's host and a digest of the filters,
 * so a changed filter starts at the live tip rather than resuming another filter's cursor.
 */
export const blueskySourceProvider: SourceProvider<BlueskySourceOptions> = {
  type: 'bluesky',
  optionsSchema: blueskySourceOptions,
  identity(options) {
    const filters = JSON.stringify([options.keywords, options.regex, options.languages]);
    return `bluesky:${new URL(options.endpoint).host}:${createHash('sha256').update(filters).digest('hex').slice(0, 12)}`;
  },
  create: (options, ctx) => jetstreamSource(options, { logger: ctx.logger }),
};

/**
 * Registers the `bluesky` source provider.
 *
 * @example
 * // config.yaml: plugins: ['@skimmer/plugins-bluesky']; ingest: { source: { type: bluesky, keywords: [llm], languages: [en] } }
 */
export default definePlugin({
  name: '@skimmer/plugins-bluesky',
  register(ctx) {
    registerSourceProvider(ctx.container, blueskySourceProvider);
  },
});
