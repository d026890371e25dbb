// The twitter SourceProvider: `ingest.source: { type: twitter, rules, bearerTokenEnv }`, the token read from the environment only.

import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ConfigError, type SourceProvider } from '@skimmer/core';
import { twitterStreamSource } from './twitterStreamSource.ts';

/** `ingest.source` of the X API v2 filtered stream; unknown keys are errors. */
export const twitterSourceOptions = z.strictObject({
  type: z.literal('twitter'),
  /** Filtered-stream rules kept in sync with the API (the missing added, the stale deleted). */
  rules: z.array(z.strictObject({ value: z.string().min(1), tag: z.string().optional() })).min(1),
  /** Environment variable holding the bearer token. */
  bearerTokenEnv: z.string().default('TWITTER_BEARER_TOKEN'),
  apiBaseUrl: z.string().url().optional(),
});

export type TwitterSourceConfig = z.infer<typeof twitterSourceOptions>;

/**
 * Registered by the plugin for `ingest.source.type: twitter`. A live stream has nothing to resume on the in-process
 * bus, so each ingest gets an identity of its own.
 */
export const twitterSourceProvider: SourceProvider<TwitterSourceConfig> = {
  type: 'twitter',
  optionsSchema: twitterSourceOptions,
  identity: () => `twitter-${randomBytes(6).toString('hex')}`,
  create(options, ctx) {
    const bearerToken = ctx.env[options.bearerTokenEnv];
    if (!bearerToken)
      throw new ConfigError(`${ctx.configPath}.bearerTokenEnv`, `set ${options.bearerTokenEnv} to the API bearer token (it is read from the environment only)`);
    return twitterStreamSource({ bearerToken, rules: options.rules, apiBaseUrl: options.apiBaseUrl, logger: ctx.logger });
  },
};
