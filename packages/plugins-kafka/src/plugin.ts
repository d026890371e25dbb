// The @skimmer/plugins-kafka plugin: registers a Kafka Bus under TOKENS.Bus.

import { z } from 'zod';
import { definePlugin, TOKENS } from '@skimmer/core';
import { KafkaBus } from './kafkaBus.ts';

/** Options under `plugins[i].options` in config.yaml. */
export const kafkaPluginConfig = z.object({
  /** `host:port` of the brokers. */
  brokers: z.array(z.string().min(1)).min(1),
  clientId: z.string().default('skimmer'),
  replicationFactor: z.number().int().min(1).default(1),
  sessionTimeoutMs: z.number().int().min(1000).default(10_000),
});

export type KafkaPluginConfig = z.infer<typeof kafkaPluginConfig>;

/**
 * Registers `TOKENS.Bus` as a KafkaBus (topics and partition counts come from the ingest config).
 *
 * @example
 * // config.yaml: plugins: [{ name: '@skimmer/plugins-kafka', options: { brokers: ['localhost:9092'] } }]
 */
export default definePlugin<KafkaPluginConfig>({
  name: '@skimmer/plugins-kafka',
  configSchema: kafkaPluginConfig,
  register(ctx) {
    ctx.container.register(TOKENS.Bus, { useValue: new KafkaBus({ ...ctx.config, logger: ctx.logger }) });
  },
});
