// The config.yaml settings of a Kafka bus (zod only, no kafkajs): the plugin's options and the ingest config's `bus` share them.

import { z } from 'zod';

/** A Kafka bus in config.yaml; the fields are KafkaBusOptions of the same names. */
export const kafkaBusConfig = z.object({
  /** `host:port` of the brokers. */
  brokers: z.array(z.string().min(1)).min(1),
  clientId: z.string().default('skimmer'),
  /** Replication factor of topics the bus creates (KafkaBus's default: 1). */
  replicationFactor: z.number().int().min(1).optional(),
  /** A member that sends no heartbeat for this long leaves the group. */
  sessionTimeoutMs: z.number().int().min(1000).default(10_000),
  /** gzip (default) or none: no compression CPU on either side, ~2.5x the bytes on the broker. */
  compression: z.enum(['gzip', 'none']).default('gzip'),
  /** Partitions whose batches one consumer stores at once (one store transaction, one connection each). */
  partitionsConsumedConcurrently: z.number().int().min(1).default(1),
  /** Bytes a produce request carries at most; keep under the broker's message.max.bytes. */
  maxProduceBytes: z.number().int().min(1000).default(900_000),
});

export type KafkaBusConfig = z.infer<typeof kafkaBusConfig>;
