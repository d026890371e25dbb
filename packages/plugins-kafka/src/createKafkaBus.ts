// The Kafka Bus of a config's `client`: KafkaBus on kafkajs (the fork or as published) or PlatformaticBus.

import type { Bus } from '@skimmer/core';
import { KafkaBus, type KafkaBusOptions } from './kafkaBus.ts';
import { PlatformaticBus } from './platformaticBus.ts';

/**
 * A Kafka Bus on the client `options.client` names (default kafkajs-fork).
 *
 * @example
 * createKafkaBus({ brokers: ['127.0.0.1:19092'], client: 'platformatic' }); // a PlatformaticBus
 */
export function createKafkaBus(options: KafkaBusOptions): Bus {
  return options.client === 'platformatic' ? new PlatformaticBus(options) : new KafkaBus(options);
}
