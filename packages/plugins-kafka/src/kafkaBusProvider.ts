// The kafka BusProvider: `ingest.bus: { type: kafka, brokers, … }` becomes a Kafka Bus on its `client` (loaded only then).

import { z } from 'zod';
import type { BusProvider } from '@skimmer/core';
import { createKafkaBus } from './createKafkaBus.ts';
import { kafkaBusConfig, type KafkaBusConfig } from './kafkaBusConfig.ts';

/** `ingest.bus` of a Kafka bus: the settings of kafkaBusConfig.ts plus `type: kafka`. */
export const kafkaBusOptionsSchema = kafkaBusConfig.extend({ type: z.literal('kafka') });

/**
 * KafkaBus settings from `ingest.bus` (type kafka); `clientSuffix` tells this process's clients apart, e.g. '-classify'.
 *
 * @example
 * kafkaBusOptions({ type: 'kafka', brokers: ['k:9092'], clientId: 'skimmer', … }, '-classify').clientId; // 'skimmer-classify'
 */
export function kafkaBusOptions(config: KafkaBusConfig & { type?: string }, clientSuffix = ''): KafkaBusConfig {
  const { type: _kafka, clientId, ...settings } = config;
  return { ...settings, clientId: `${clientId}${clientSuffix}` };
}

/** Registered by the plugin for `ingest.bus.type: kafka`. */
export const kafkaBusProvider: BusProvider<z.infer<typeof kafkaBusOptionsSchema>> = {
  type: 'kafka',
  optionsSchema: kafkaBusOptionsSchema,
  create: (options, ctx) => createKafkaBus({ ...kafkaBusOptions(options, ctx.clientSuffix), logger: ctx.logger }),
};
