// The @skimmer/plugins-twitter plugin: registers the twitter SourceProvider and the Twitter payload decoders, and the v2 filtered stream as TOKENS.Source when its options give rules.

import { z } from 'zod';
import { ConfigError, definePlugin, registerPostDecoders, registerSourceProvider, TOKENS } from '@skimmer/core';
import { twitterPostDecoders } from './twitterDecoders.ts';
import { twitterSourceProvider } from './twitterSourceProvider.ts';
import { twitterStreamSource } from './twitterStreamSource.ts';

/** Options under `plugins[i].options` in config.yaml (none: the plugin only provides the `twitter` source type). */
export const twitterPluginConfig = z.object({
  rules: z
    .array(z.object({ value: z.string().min(1), tag: z.string().optional() }))
    .min(1)
    .optional(),
  /** Environment variable holding the bearer token (the token itself never goes in config). */
  bearerTokenEnv: z.string().default('TWITTER_BEARER_TOKEN'),
  apiBaseUrl: z.string().url().optional(),
});

export type TwitterPluginConfig = z.infer<typeof twitterPluginConfig>;

/**
 * Registers the Twitter payload decoders (`TOKENS.PostDecoder`), and `TOKENS.Source` as the filtered stream with the configured rules.
 *
 * @example
 * // config.yaml: plugins: [{ name: '@skimmer/plugins-twitter', options: { rules: [{ value: 'AI lang:en', tag: ai }] } }]
 */
export default definePlugin<TwitterPluginConfig>({
  name: '@skimmer/plugins-twitter',
  configSchema: twitterPluginConfig,
  register(ctx) {
    registerSourceProvider(ctx.container, twitterSourceProvider);
    registerPostDecoders(ctx.container, twitterPostDecoders);
    if (!ctx.config?.rules) return;
    const bearerToken = process.env[ctx.config.bearerTokenEnv];
    if (!bearerToken) throw new ConfigError(`${ctx.configPath}.options.bearerTokenEnv`, `set ${ctx.config.bearerTokenEnv} to the API bearer token`);
    ctx.container.register(TOKENS.Source, {
      useValue: twitterStreamSource({
        bearerToken,
        bearerTokenName: ctx.config.bearerTokenEnv,
        rules: ctx.config.rules,
        apiBaseUrl: ctx.config.apiBaseUrl,
        logger: ctx.logger,
      }),
    });
  },
});
