// Public API of @skimmer/plugins-kafka: the Kafka Bus and the plugin (PlatformaticBus only through createKafkaBus: its package is an optional peer).
export { default, default as kafkaPlugin, kafkaPluginConfig } from './plugin.ts';
export type { KafkaPluginConfig } from './plugin.ts';
export { KafkaBus } from './kafkaBus.ts';
export { createKafkaBus, kafkaBusClientVersion } from './createKafkaBus.ts';
export { KAFKA_BUS_CLIENTS } from './kafkaBusConfig.ts';
export type { KafkaBusClient } from './kafkaBusConfig.ts';
export { kafkaBusOptions, kafkaBusOptionsSchema, kafkaBusProvider } from './kafkaBusProvider.ts';
export type { KafkaBusOptions } from './kafkaBus.ts';
export { KAFKA_CLIENTS, kafkaClient, kafkaClientVersion } from './kafkaClient.ts';
export type { KafkaClientName } from './kafkaClient.ts';
