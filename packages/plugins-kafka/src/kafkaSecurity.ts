// TLS and SASL settings of a Kafka bus: certificate files and the names of the environment variables that hold the
// secrets (config never holds a password), turned into kafkajs's `ssl` and `sasl` options when the bus is made.

import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { z } from 'zod';
import { ConfigError } from '@skimmer/core';

/** `ssl:` of a Kafka bus: true for TLS with the system's CAs, or the files to use (PEM). */
export const kafkaTlsConfig = z.union([
  z.boolean(),
  z.strictObject({
    /** CA certificate(s) that signed the brokers' certificates (else the system's). */
    caFile: z.string().min(1).optional(),
    /** Client certificate and its private key, for brokers that require mutual TLS (`ssl.client.auth=required`). */
    certFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
    /** Environment variable holding the private key's passphrase, when the key is encrypted. */
    keyPassphraseEnv: z.string().min(1).optional(),
    /** Server name the broker's certificate must carry, when it differs from the broker's host. */
    servername: z.string().min(1).optional(),
  }),
]);

/** `sasl:` of a Kafka bus: the mechanism and the environment variables holding the user name and the password. */
export const kafkaSaslConfig = z.strictObject({
  mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
  usernameEnv: z.string().min(1).default('KAFKA_USERNAME'),
  passwordEnv: z.string().min(1).default('KAFKA_PASSWORD'),
});

export type KafkaTlsConfig = z.infer<typeof kafkaTlsConfig>;
export type KafkaSaslConfig = z.input<typeof kafkaSaslConfig>;

/** kafkajs's `sasl` option for the mechanisms above. */
export interface KafkajsSasl {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
}

function fromEnv(env: NodeJS.ProcessEnv, name: string, path: string, what: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(path, `set the environment variable ${name} to the ${what} (read from the environment only)`);
  return value;
}

function readPem(file: string, path: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(path, `cannot read ${file}: ${(err as Error).message}`);
  }
}

/**
 * kafkajs's `ssl` option from `ssl:` (files read now, so a wrong path fails at start). Undefined: plaintext.
 *
 * @example
 * kafkaTls({ caFile: 'certs/ca.pem' }); // { ca: ['-----BEGIN CERTIFICATE-----…'] }
 */
export function kafkaTls(config: KafkaTlsConfig | undefined, env: NodeJS.ProcessEnv = process.env): ConnectionOptions | boolean | undefined {
  if (config === undefined || config === false) return undefined;
  if (config === true) return true;
  if ((config.certFile === undefined) !== (config.keyFile === undefined))
    throw new ConfigError('ssl', 'certFile and keyFile go together (the client certificate and its private key)');
  const tls: ConnectionOptions = {};
  if (config.caFile) tls.ca = [readPem(config.caFile, 'ssl.caFile')];
  if (config.certFile) tls.cert = readPem(config.certFile, 'ssl.certFile');
  if (config.keyFile) tls.key = readPem(config.keyFile, 'ssl.keyFile');
  if (config.keyPassphraseEnv) tls.passphrase = fromEnv(env, config.keyPassphraseEnv, 'ssl.keyPassphraseEnv', "client key's passphrase");
  if (config.servername) tls.servername = config.servername;
  return tls;
}

/**
 * kafkajs's `sasl` option from `sasl:`, with the user name and password read from the environment now.
 *
 * @example
 * kafkaSasl({ mechanism: 'scram-sha-512' }, { KAFKA_USERNAME: 'skimmer', KAFKA_PASSWORD: '…' }); // { mechanism: 'scram-sha-512', username: 'skimmer', password: '…' }
 */
export function kafkaSasl(config: KafkaSaslConfig | undefined, env: NodeJS.ProcessEnv = process.env): KafkajsSasl | undefined {
  if (config === undefined) return undefined;
  const { mechanism, usernameEnv, passwordEnv } = kafkaSaslConfig.parse(config);
  return {
    mechanism,
    username: fromEnv(env, usernameEnv, 'sasl.usernameEnv', 'SASL user name'),
    password: fromEnv(env, passwordEnv, 'sasl.passwordEnv', 'SASL password'),
  };
}
