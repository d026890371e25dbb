// The Kafka Bus of a config's `client`: KafkaBus on kafkajs (the fork or as published) or PlatformaticBus, loaded on first use.

import { ConfigError } from '@skimmer/core';
import type { Bus, BusRecord, ConsumedBatch, ConsumeOptions, Consumption, OffsetPosition } from '@skimmer/core';
import { KafkaBus, type KafkaBusOptions } from './kafkaBus.ts';
import type { KafkaBusClient } from './kafkaBusConfig.ts';
import { kafkaClientVersion } from './kafkaClient.ts';

/** What a user reads when `client: platformatic` is asked for and the optional package is not installed. */
const PLATFORMATIC_MISSING =
  "client 'platformatic' needs the optional package @platformatic/kafka@1.35.0 (npm install @platformatic/kafka@1.35.0; its own dependencies declare Node >= 22.19), or client: kafkajs-fork";

/** PlatformaticBus's module, loaded once: @platformatic/kafka is an optional peer dependency, absent from most installs. */
let platformatic: Promise<typeof import('./platformaticBus.ts')> | undefined;
function loadPlatformatic(): Promise<typeof import('./platformaticBus.ts')> {
  platformatic ??= import('./platformaticBus.ts').catch((err: unknown) => {
    platformatic = undefined;
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String(err).includes('@platformatic/kafka'))
      throw new ConfigError('bus.client', PLATFORMATIC_MISSING, { cause: String(err) });
    throw err;
  });
  return platformatic;
}

/** A PlatformaticBus created on the first call, so that nothing loads @platformatic/kafka unless the config names it. */
class DeferredPlatformaticBus implements Bus {
  readonly persistent = true;
  private bus: Promise<Bus> | undefined;
  constructor(private readonly options: KafkaBusOptions) {}

  private created(): Promise<Bus> {
    this.bus ??= loadPlatformatic().then((m) => new m.PlatformaticBus(this.options));
    return this.bus;
  }
  async ensureTopic(topic: string, partitions: number): Promise<void> {
    await (await this.created()).ensureTopic(topic, partitions);
  }
  async produce(topic: string, records: readonly BusRecord[]): Promise<void> {
    await (await this.created()).produce(topic, records);
  }
  async endOffsets(topic: string): Promise<OffsetPosition[]> {
    return (await this.created()).endOffsets(topic);
  }
  async startOffsets(topic: string): Promise<OffsetPosition[]> {
    return (await (await this.created()).startOffsets?.(topic)) ?? [];
  }
  async consume(options: ConsumeOptions, handler: (batch: ConsumedBatch) => Promise<void>): Promise<Consumption> {
    return (await this.created()).consume(options, handler);
  }
  async close(): Promise<void> {
    if (this.bus) await (await this.bus).close();
  }
}

/**
 * A Kafka Bus on the client `options.client` names (default kafkajs-fork).
 *
 * @example
 * createKafkaBus({ brokers: ['127.0.0.1:19092'], client: 'platformatic' }); // a PlatformaticBus, loaded on first use
 */
export function createKafkaBus(options: KafkaBusOptions): Bus {
  return options.client === 'platformatic' ? new DeferredPlatformaticBus(options) : new KafkaBus(options);
}

/** The version of the package a client runs, e.g. '2.2.4-skimmer.1' (kafkajs-fork) or '1.35.0' (platformatic). */
export async function kafkaBusClientVersion(client: KafkaBusClient): Promise<string> {
  return client === 'platformatic' ? (await loadPlatformatic()).platformaticVersion() : kafkaClientVersion(client);
}
