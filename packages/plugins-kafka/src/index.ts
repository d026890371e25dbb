// Public API of @skimmer/plugins-kafka: the Kafka Bus and the plugin.
// The kafkajs producer and fetch fast paths first: they take effect only if installed before kafkajs loads them.
import './kafkajsFastPaths.ts';
export { default, default as kafkaPlugin, kafkaPluginConfig } from './plugin.ts';
export type { KafkaPluginConfig } from './plugin.ts';
export { KafkaBus } from './kafkaBus.ts';
export type { KafkaBusOptions } from './kafkaBus.ts';
