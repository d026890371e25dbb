// The @skimmer/plugins-kafka plugin: registers the kafka BusProvider, and a Kafka Bus under TOKENS.Bus when its options name brokers.

import type { z } from 'zod';
import { definePlugin, registerBusProvider, TOKENS } from '@skimmer/core';
import { createKafkaBus } from './createKafkaBus.ts';
import { kafkaBusProvider } from './kafkaBusProvider.ts';
import { kafkaBusConfig } from './kafkaBusConfig.ts';

/** Options under `plugins[i].options` in config.yaml: the Kafka bus settings (kafkaBusConfig.ts); none: only the `kafka` bus type. */
export const kafkaPluginConfig = kafkaBusConfig.partial({ brokers: true });

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
    registerBusProvider(ctx.container, kafkaBusProvider);
    const { brokers } = ctx.config ?? {};
    if (!brokers) return;
    ctx.container.register(TOKENS.Bus, { useValue: createKafkaBus({ ...ctx.config, brokers, logger: ctx.logger }) });
  },
});
