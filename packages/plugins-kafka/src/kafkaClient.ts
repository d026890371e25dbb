// Which kafkajs a KafkaBus runs on: Skimmer's vendored fork (vendor/kafkajs, see its PROVENANCE.md: the producer's
// leader-change fix and the fast paths) or kafkajs as published. Chosen in config (`client`), logged once per process.

import { createRequire } from 'node:module';
import type { Logger } from '@skimmer/core';
import { registerCodecs } from './kafkaCodecs.ts';

const require = createRequire(import.meta.url);

/** The kafkajs builds a bus can use. */
export const KAFKA_CLIENTS = ['kafkajs', 'kafkajs-fork'] as const;
export type KafkaClientName = (typeof KAFKA_CLIENTS)[number];

/** The npm package of each client (same API: the fork changes no exported name). */
const PACKAGES: Record<KafkaClientName, string> = { kafkajs: 'kafkajs', 'kafkajs-fork': '@skimmer/kafkajs-fork' };

export type Kafkajs = typeof import('kafkajs');

const loaded = new Map<KafkaClientName, Kafkajs>();
const logged = new Set<KafkaClientName>();

/** The installed version of a client's package, e.g. '2.2.4' or '2.2.4-skimmer.1'. */
export const kafkaClientVersion = (client: KafkaClientName): string => (require(`${PACKAGES[client]}/package.json`) as { version: string }).version;

/**
 * The kafkajs module of `client`, with snappy, lz4 and zstd registered (once); the first call with a logger logs which
 * client and version this process runs.
 *
 * @example
 * const { Kafka } = kafkaClient('kafkajs-fork', logger); // logs once: kafka client kafkajs-fork 2.2.4-skimmer.1
 */
export function kafkaClient(client: KafkaClientName, logger?: Logger): Kafkajs {
  let kafkajs = loaded.get(client);
  if (kafkajs === undefined) {
    kafkajs = require(PACKAGES[client]) as Kafkajs;
    registerCodecs(kafkajs as unknown as Parameters<typeof registerCodecs>[0]);
    loaded.set(client, kafkajs);
  }
  if (logger && !logged.has(client)) {
    logged.add(client);
    const fork =
      client === 'kafkajs-fork'
        ? ' (vendor/kafkajs: kafkajs 2.2.4 with its leader-change fix and fast paths; see vendor/kafkajs/PROVENANCE.md)'
        : ' (as published: its producer can drop records on a leader change, see vendor/kafkajs/PROVENANCE.md)';
    logger.info({ client, package: PACKAGES[client], version: kafkaClientVersion(client) }, `kafka client: ${client} ${kafkaClientVersion(client)}${fork}`);
  }
  return kafkajs;
}
