// Connection settings of a bus's @platformatic/kafka clients (brokers, TLS, SASL, retries), from the KafkaBus options.

import type { BaseOptions, SASLOptions } from '@platformatic/kafka';
import type { KafkaBusOptions } from './kafkaBus.ts';
import { kafkaSasl, kafkaTls } from './kafkaSecurity.ts';

/** Connection settings every @platformatic/kafka client of a bus shares: brokers, TLS, SASL, retries. */
export function platformaticBaseOptions(options: KafkaBusOptions, clientId: string, retries = 12): BaseOptions {
  const tls = kafkaTls(options.ssl);
  const sasl = kafkaSasl(options.sasl);
  return {
    clientId,
    bootstrapBrokers: [...options.brokers],
    ...(tls === undefined || tls === false ? {} : { tls: tls === true ? {} : tls }),
    ...(sasl === undefined ? {} : { sasl: { mechanism: sasl.mechanism.toUpperCase(), username: sasl.username, password: sasl.password } as SASLOptions }),
    // A broker restart takes seconds: retry each request for about as long as kafkajs's settings do (12 tries, ≤ 5 s apart).
    retries,
    retryDelay: (_client, _operation, attempt) => Math.min(300 * 2 ** (attempt - 1), 5_000),
  };
}
