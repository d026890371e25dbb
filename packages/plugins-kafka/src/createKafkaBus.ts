// The Kafka Bus of a config's `client`: KafkaBus on kafkajs (the fork or as published) or PlatformaticBus.

import type { Bus } from '@skimmer/core';
import { KafkaBus, type KafkaBusOptions } from './kafkaBus.ts';
import type { KafkaBusClient } from './kafkaBusConfig.ts';
import { kafkaClientVersion } from './kafkaClient.ts';
import { PlatformaticBus, platformaticVersion } from './platformaticBus.ts';

/**
 * A Kafka Bus on the client `options.client` names (default kafkajs-fork).
 *
 * @example
 * createKafkaBus({ brokers: ['127.0.0.1:19092'], client: 'platformatic' }); // a PlatformaticBus
 */
export function createKafkaBus(options: KafkaBusOptions): Bus {
  return options.client === 'platformatic' ? new PlatformaticBus(options) : new KafkaBus(options);
}

/** The version of the package a client runs, e.g. '2.2.4-skimmer.1' (kafkajs-fork) or '1.35.0' (platformatic). */
export const kafkaBusClientVersion = (client: KafkaBusClient): string => (client === 'platformatic' ? platformaticVersion() : kafkaClientVersion(client));
