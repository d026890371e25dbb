// The @skimmer/plugins-kafka plugin: registers a Kafka Bus under TOKENS.Bus.

import { definePlugin, TOKENS } from '@skimmer/core';
import { KafkaBus } from './kafkaBus.ts';
import { kafkaBusConfig, type KafkaBusConfig } from './kafkaBusConfig.ts';

/** Options under `plugins[i].options` in config.yaml: the Kafka bus settings (kafkaBusConfig.ts). */
export const kafkaPluginConfig = kafkaBusConfig;

export type KafkaPluginConfig = KafkaBusConfig;

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
