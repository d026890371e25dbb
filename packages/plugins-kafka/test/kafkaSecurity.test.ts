// Specs: a bus reaches a broker over mutual TLS, and over SASL_SSL with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512, with
// its secrets read from the environment only (never logged); wrong or missing credentials fail with what to fix.

import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@skimmer/core';
import { createKafkaBus } from '../src/createKafkaBus.ts';
import { KafkaBus } from '../src/kafkaBus.ts';
import type { KafkaBusOptions } from '../src/kafkaBus.ts';
import { kafkaSasl, kafkaTls } from '../src/kafkaSecurity.ts';
import { javaKafkaClasspath } from './javaKafka.ts';
import { removeBroker, startSecureBroker } from './privateKafka.ts';
import type { SecureBroker } from './privateKafka.ts';
import { uniqueName } from '../../../test-support/testServices.ts';

describe('kafkaSasl / kafkaTls', () => {
  it('reads the user name and password from the environment variables the config names', () => {
    expect(kafkaSasl({ mechanism: 'scram-sha-512', usernameEnv: 'U', passwordEnv: 'P' }, { U: 'skimmer', P: 'pw' })).toEqual({
      mechanism: 'scram-sha-512',
      username: 'skimmer',
      password: 'pw',
    });
    expect(kafkaSasl({ mechanism: 'plain' }, { KAFKA_USERNAME: 'a', KAFKA_PASSWORD: 'b' })).toEqual({ mechanism: 'plain', username: 'a', password: 'b' });
    expect(kafkaSasl(undefined, {})).toBeUndefined();
  });

  it('names the missing variable, and never the value of another', () => {
    const err = (() => {
      try {
        kafkaSasl({ mechanism: 'scram-sha-256', usernameEnv: 'U', passwordEnv: 'KAFKA_PW' }, { U: 'skimmer' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toBe('sasl.passwordEnv: set the environment variable KAFKA_PW to the SASL password (read from the environment only)');
  });

  it('reads certificate files at once, and a key without its certificate is an error', () => {
    expect(kafkaTls(undefined)).toBeUndefined();
    expect(kafkaTls(true)).toBe(true);
    expect(() => kafkaTls({ caFile: '/nonexistent/ca.pem' })).toThrow(/^ssl\.caFile: cannot read \/nonexistent\/ca\.pem/);
    expect(() => kafkaTls({ keyFile: '/x/client.key' })).toThrow('ssl: certFile and keyFile go together (the client certificate and its private key)');
  });
});

const java = javaKafkaClasspath();
if ('missing' in java) console.warn(`kafkaSecurity.test.ts: the TLS / SASL broker specs are skipped: ${java.missing}`);

describe.skipIf('missing' in java)('a broker with TLS and SASL', () => {
  const scramPassword = randomBytes(12).toString('hex');
  const plainPassword = randomBytes(12).toString('hex');
  const env = { SKIMMER_TEST_SCRAM_PASSWORD: scramPassword, SKIMMER_TEST_PLAIN_PASSWORD: plainPassword };
  let broker: SecureBroker | undefined;
  const logged: string[] = [];
  const logger = {
    debug: (o: unknown, m?: string) => logged.push(JSON.stringify([o, m])),
    info: (o: unknown, m?: string) => logged.push(JSON.stringify([o, m])),
    warn: (o: unknown, m?: string) => logged.push(JSON.stringify([o, m])),
    error: (o: unknown, m?: string) => logged.push(JSON.stringify([o, m])),
  };

  beforeAll(async () => {
    broker = await startSecureBroker(env);
    process.env.SKIMMER_SPEC_KAFKA_USER = 'skimmer-scram';
    process.env.SKIMMER_SPEC_KAFKA_PLAIN_USER = 'skimmer-plain';
    Object.assign(process.env, env);
  }, 180_000);

  afterAll(() => {
    removeBroker(broker?.pid, broker?.dir ?? '');
    for (const name of ['SKIMMER_SPEC_KAFKA_USER', 'SKIMMER_SPEC_KAFKA_PLAIN_USER', ...Object.keys(env)]) delete process.env[name];
  });

  /** Creates a topic, produces three records and reads them back through `options`. */
  async function roundTrip(options: Omit<KafkaBusOptions, 'logger'>): Promise<string[]> {
    const bus = createKafkaBus({ ...options, logger, sessionTimeoutMs: 6_000 });
    try {
      const topic = uniqueName('secure');
      await bus.ensureTopic(topic, 1);
      await bus.produce(
        topic,
        ['a', 'b', 'c'].map((value, i) => ({ key: String(i), value })),
      );
      const values: string[] = [];
      let done!: () => void;
      const all = new Promise<void>((resolve) => (done = resolve));
      const consumption = await bus.consume({ topic, group: uniqueName('secure') }, async ({ records }) => {
        values.push(...records.map((r) => Buffer.from(r.value).toString()));
        if (values.length >= 3) done();
      });
      await all;
      await consumption.stop();
      return values;
    } finally {
      await bus.close();
    }
  }

  const tls = (): KafkaBusOptions['ssl'] => ({ caFile: broker!.ca });

  /** Connects an admin of the bus's own kafkajs client once, without retries (the bus itself retries for a minute). */
  async function connectOnce(bus: KafkaBus): Promise<void> {
    const admin = (bus as unknown as { kafka: Kafka }).kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
    } finally {
      await admin.disconnect();
    }
  }
  const CASES = [
    ['SCRAM-SHA-256', 'scram-sha-256', 'SKIMMER_SPEC_KAFKA_USER', 'SKIMMER_TEST_SCRAM_PASSWORD'],
    ['SCRAM-SHA-512', 'scram-sha-512', 'SKIMMER_SPEC_KAFKA_USER', 'SKIMMER_TEST_SCRAM_PASSWORD'],
    ['PLAIN', 'plain', 'SKIMMER_SPEC_KAFKA_PLAIN_USER', 'SKIMMER_TEST_PLAIN_PASSWORD'],
  ] as const;

  it('takes a client with a certificate signed by the CA over mutual TLS (kafkajs, the fork and platformatic)', { timeout: 60_000 }, async () => {
    for (const client of ['kafkajs', 'kafkajs-fork', 'platformatic'] as const) {
      expect(await roundTrip({ brokers: [broker!.ssl], client, ssl: { caFile: broker!.ca, certFile: broker!.cert, keyFile: broker!.key } })).toEqual([
        'a',
        'b',
        'c',
      ]);
    }
  });

  it('turns away a client without a certificate on the mutual TLS listener', { timeout: 60_000 }, async () => {
    // kafkajs itself with no retries: a bus would retry the refused connection for a minute.
    const admin = new Kafka({ brokers: [broker!.ssl], ssl: kafkaTls({ caFile: broker!.ca }), retry: { retries: 0 }, logLevel: logLevel.NOTHING }).admin();
    await expect(admin.connect().finally(() => admin.disconnect())).rejects.toThrow();
  });

  for (const [name, mechanism, usernameEnv, passwordEnv] of CASES) {
    it(`takes SASL ${name} over TLS, the password from ${passwordEnv} (the fork and platformatic)`, { timeout: 60_000 }, async () => {
      for (const client of ['kafkajs-fork', 'platformatic'] as const) {
        expect(await roundTrip({ brokers: [broker!.saslSsl], client, ssl: tls(), sasl: { mechanism, usernameEnv, passwordEnv } })).toEqual(['a', 'b', 'c']);
      }
    });
  }

  it('turns away a wrong SCRAM password with an authentication error', { timeout: 60_000 }, async () => {
    process.env.SKIMMER_SPEC_KAFKA_WRONG = 'not-the-password';
    const bus = new KafkaBus({
      brokers: [broker!.saslSsl],
      ssl: tls(),
      sasl: { mechanism: 'scram-sha-512', usernameEnv: 'SKIMMER_SPEC_KAFKA_USER', passwordEnv: 'SKIMMER_SPEC_KAFKA_WRONG' },
    });
    await expect(connectOnce(bus).finally(() => bus.close())).rejects.toThrow(/SASL SCRAM SHA512 authentication failed/);
    delete process.env.SKIMMER_SPEC_KAFKA_WRONG;
  });

  it('logged the client once and no password', () => {
    expect(logged.filter((line) => line.includes('kafka client:'))).toHaveLength(3); // kafkajs, kafkajs-fork, platformatic: once each
    for (const secret of [scramPassword, plainPassword]) expect(logged.join('\n')).not.toContain(secret);
  });
});
