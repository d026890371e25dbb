// The config.yaml settings of a Kafka bus (zod only, no kafkajs): the plugin's options and the ingest config's `bus` share them.

import { z } from 'zod';
import { kafkaSaslConfig, kafkaTlsConfig } from './kafkaSecurity.ts';

/** Codecs of produced batches (consumers read all of them, whatever the setting). */
export const KAFKA_COMPRESSIONS = ['gzip', 'snappy', 'lz4', 'zstd', 'none'] as const;

/**
 * The client a Kafka bus runs on: kafkajs-fork (vendor/kafkajs), kafkajs (as published), or platformatic
 * (@platformatic/kafka 1.x, platformaticBus.ts; Node >= 20.19.4, its 2.x line needs Node 22).
 */
export const KAFKA_BUS_CLIENTS = ['kafkajs-fork', 'kafkajs', 'platformatic'] as const;
export type KafkaBusClient = (typeof KAFKA_BUS_CLIENTS)[number];

/** `host:port`, the host an IPv6 address in brackets where it is one, the port 1 to 65535. */
const BROKER_ADDRESS = /^(\[[0-9A-Fa-f:.]+\]|[^\s:[\]]+):(\d{1,5})$/;

/** Whether `broker` is `host:port` (kafkajs and the broker check at start need the port). */
const isBrokerAddress = (broker: string): boolean => {
  const port = BROKER_ADDRESS.exec(broker)?.[2];
  return port !== undefined && Number(port) >= 1 && Number(port) <= 65_535;
};

/** A Kafka bus in config.yaml; the fields are KafkaBusOptions of the same names; unknown keys are errors. */
export const kafkaBusConfig = z.strictObject({
  /** `host:port` of the brokers. */
  brokers: z.array(z.string().refine(isBrokerAddress, { error: (issue) => `expected host:port, got ${JSON.stringify(issue.input)}` })).min(1),
  clientId: z.string().default('skimmer'),
  /** Replication factor of topics the bus creates (KafkaBus's default: 1). */
  replicationFactor: z.number().int().min(1).optional(),
  /** A member that sends no heartbeat for this long leaves the group. */
  sessionTimeoutMs: z.number().int().min(1000).default(10_000),
  /** Codec of produced batches: gzip (default), snappy, lz4, zstd, or none (no compression CPU, ~2.5x the bytes on the broker). */
  compression: z.enum(KAFKA_COMPRESSIONS).default('gzip'),
  /**
   * kafkajs-fork (default: vendor/kafkajs, kafkajs 2.2.4 with Skimmer's fix of its producer losing records on a leader
   * change and its fast paths; see its PROVENANCE.md), kafkajs (2.2.4 as published) or platformatic (@platformatic/kafka,
   * platformaticBus.ts). Logged once at start. docs/decisions.md has the measurements behind the default.
   */
  client: z.enum(KAFKA_BUS_CLIENTS).default('kafkajs-fork'),
  /** TLS: true (system CAs) or { caFile, certFile, keyFile, keyPassphraseEnv, servername }. */
  ssl: kafkaTlsConfig.optional(),
  /** SASL: { mechanism: plain | scram-sha-256 | scram-sha-512, usernameEnv, passwordEnv } (secrets from the environment). */
  sasl: kafkaSaslConfig.optional(),
  /** Partitions whose batches one consumer stores at once (one store transaction, one connection each). */
  partitionsConsumedConcurrently: z.number().int().min(1).default(1),
  /** Bytes a produce request carries at most; keep under the broker's message.max.bytes. */
  maxProduceBytes: z.number().int().min(1000).default(900_000),
});

export type KafkaBusConfig = z.infer<typeof kafkaBusConfig>;
