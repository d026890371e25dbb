// The `serve:` and `classifyStream:` sections of config.yaml: which model, which keys, which limits, which topic.

import { z } from 'zod';
import { ConfigError } from '@skimmer/core';
import { MIN_API_KEY_LENGTH } from './apiKeyCheck.ts';
import type { ModelRef } from './loadModel.ts';

const modelRefSchema = z.union([
  z.object({ dir: z.string().min(1) }).strict(),
  z.object({ runId: z.string().min(1) }).strict(),
  z.object({ latestRun: z.literal(true) }).strict(),
]);

/** `serve:`: the HTTP API and dashboard. */
export const serveConfigSchema = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    model: modelRefSchema.default({ latestRun: true }),
    /** Keys in the file (prefer the environment variable). */
    apiKeys: z.array(z.string().min(MIN_API_KEY_LENGTH, `an API key needs at least ${MIN_API_KEY_LENGTH} characters`)).default([]),
    /** Environment variable with comma-separated keys. */
    apiKeysEnv: z.string().default('SKIMMER_API_KEYS'),
    bodyLimitBytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
    maxBatch: z.number().int().positive().default(256),
    maxTextLength: z.number().int().positive().default(10_000),
    /** Time to receive a request's headers (slow-loris guard). */
    headersTimeoutMs: z.number().int().positive().default(10_000),
    /** Time to receive a whole request, body included. */
    requestTimeoutMs: z.number().int().positive().default(30_000),
    /** A socket with no traffic for this long is closed. */
    idleTimeoutMs: z.number().int().positive().default(60_000),
    /** Open connections at most; more are closed at once. */
    maxConnections: z.number().int().positive().default(1024),
    /** The class whose posts count as relevant (name or index); default the last class. */
    relevantLabel: z.union([z.string(), z.number().int().min(0)]).optional(),
    classNames: z.array(z.string()).optional(),
  })
  .strict();

/** `classifyStream:`: the streaming classifier (a consumer group on the posts topic). */
export const classifyStreamConfigSchema = z
  .object({
    /** Default: the config's `ingest.topic` (where ingest produces), else `posts`; classify-stream resolves it. */
    topic: z.string().min(1).optional(),
    group: z.string().default('skimmer-classify'),
    model: modelRefSchema.default({ latestRun: true }),
    batchSize: z.number().int().positive().default(500),
    /** Label the URLs of posts of this class (name or index); default the last class. */
    relevantLabel: z.union([z.string(), z.number().int().min(0)]).optional(),
    /** Stop after this many seconds (default: run until interrupted). */
    durationSeconds: z.number().positive().optional(),
    classNames: z.array(z.string()).optional(),
  })
  .strict();

export type ServeConfig = z.infer<typeof serveConfigSchema>;
export type ClassifyStreamConfig = z.infer<typeof classifyStreamConfigSchema>;

/** Parses one section; throws a ConfigError naming the first bad field (e.g. `serve.port`). */
export function parseSection<S extends z.ZodType>(schema: S, value: unknown, section: string): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ConfigError([section, ...issue.path.map(String)].join('.'), issue.message, { issues: result.error.issues.length });
}

/** The configured keys plus those in the environment variable (comma-separated). */
export function resolveApiKeys(config: Pick<ServeConfig, 'apiKeys' | 'apiKeysEnv'>, env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = (env[config.apiKeysEnv] ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
  for (const [i, key] of fromEnv.entries()) {
    // the message gives the position and length, never the key
    if (key.length < MIN_API_KEY_LENGTH)
      throw new ConfigError(`$${config.apiKeysEnv}`, `key ${i + 1} has ${key.length} characters; an API key needs at least ${MIN_API_KEY_LENGTH}`, {
        variable: config.apiKeysEnv,
      });
  }
  for (const [i, key] of config.apiKeys.entries()) {
    if (key.length < MIN_API_KEY_LENGTH) throw new ConfigError(`serve.apiKeys[${i}]`, `an API key needs at least ${MIN_API_KEY_LENGTH} characters`);
  }
  return [...config.apiKeys, ...fromEnv];
}

/** The index of the relevant class: a name, an index, or the last class when absent. */
export function relevantIndex(classNames: readonly string[], relevant: string | number | undefined): number {
  if (relevant === undefined) return classNames.length - 1;
  const index = typeof relevant === 'number' ? relevant : classNames.indexOf(relevant);
  if (index < 0 || index >= classNames.length) {
    throw new ConfigError('relevantLabel', `'${relevant}' is not a class of the model; expected one of ${classNames.join(', ')}`, { classNames });
  }
  return index;
}

export type { ModelRef };
