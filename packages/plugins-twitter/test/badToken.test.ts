// Specification: a 401 from the API (a wrong or revoked bearer token) is logged as a bad token, never with the token,
// and the source gives up after a bounded number of tries with a ConfigError (what the CLI maps to exit 2).

import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { ConfigError, datasetPath, InProcessBus, runIngest } from '@skimmer/core';
import type { Logger, SourceRecord } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import { twitterStreamSource } from '../src/index.ts';
import { startFakeStreamServer } from './fakeStreamServer.ts';
import type { FakeStreamServer } from './fakeStreamServer.ts';
import { twitterPostDecoders } from '../src/twitterDecoders.ts';

const TOKEN = 'the-right-bearer-token';
const WRONG = 'AAAAwrong-bearer-token-that-must-never-be-logged';
const lines = readFileSync(datasetPath('twitter-v2-twarc-csv', 'streaming_output_with_error.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');

let server: FakeStreamServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A logger that keeps every entry as JSON text. */
function recordingLogger(): { logger: Logger; entries: string[] } {
  const entries: string[] = [];
  const keep =
    (level: string) =>
    (obj: object | string, msg?: string): void =>
      void entries.push(JSON.stringify({ level, obj, msg }));
  return { logger: { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') }, entries };
}

async function readAll(records: AsyncIterable<SourceRecord>, into: SourceRecord[]): Promise<void> {
  for await (const record of records) into.push(record);
}

describe('twitterStreamSource answered 401', () => {
  test('a wrong token: three tries of the rules sync, each logged as a bad token, then a ConfigError naming the variable', async () => {
    server = await startFakeStreamServer({ token: TOKEN, lines, dropAfter: 3, initialRules: [] });
    const { logger, entries } = recordingLogger();
    const source = twitterStreamSource({ bearerToken: WRONG, rules: [{ value: 'cats' }], apiBaseUrl: server.base, reconnectDelayMs: () => 10, logger });
    const error = await readAll(source.records(), []).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', path: 'TWITTER_BEARER_TOKEN', context: { status: 401, failures: 3 } });
    expect((error as Error).message).toMatch(/^TWITTER_BEARER_TOKEN: the Twitter API refused the bearer token 3 times in a row \(HTTP 401/);
    expect(server.unauthorized).toBe(3);
    const refusals = entries.filter((e) => e.includes('refused the bearer token'));
    expect(refusals).toHaveLength(3);
    expect(JSON.parse(refusals[2])).toMatchObject({ level: 'error', obj: { status: 401, failures: 3, limit: 3, token: 'TWITTER_BEARER_TOKEN' } });
    expect(entries.join('\n')).not.toContain(WRONG);
    expect(entries.join('\n')).not.toContain('wrong-bearer');
  });

  test('a token revoked while streaming: the records before are delivered, the reconnects answered 401 stop after the limit', async () => {
    server = await startFakeStreamServer({ token: TOKEN, lines, dropAfter: 3, initialRules: [], streamConnections: 1 });
    const { logger, entries } = recordingLogger();
    const source = twitterStreamSource({
      bearerToken: TOKEN,
      bearerTokenName: 'X_TOKEN',
      authFailureLimit: 2,
      rules: [{ value: 'cats' }],
      apiBaseUrl: server.base,
      reconnectDelayMs: () => 10,
      logger,
    });
    const records: SourceRecord[] = [];
    await expect(readAll(source.records(), records)).rejects.toMatchObject({ name: 'ConfigError', path: 'X_TOKEN', context: { failures: 2 } });
    expect(records.map((r) => r.key)).toEqual(lines.slice(0, 3).map((l) => (JSON.parse(l) as { data: { id: string } }).data.id));
    expect(server.unauthorized).toBe(2);
    expect(entries.filter((e) => e.includes('refused the bearer token') && e.includes('a stream connect'))).toHaveLength(2);
    expect(entries.join('\n')).not.toContain(TOKEN);
  });

  test('ingest stops with the ConfigError instead of backing off forever', async () => {
    server = await startFakeStreamServer({ token: TOKEN, lines, dropAfter: 3, initialRules: [], streamConnections: 1 });
    const store = await openStore({ dataDir: 'memory://' });
    try {
      const source = twitterStreamSource({ bearerToken: TOKEN, rules: [{ value: 'cats' }], apiBaseUrl: server.base, reconnectDelayMs: () => 10 });
      await expect(
        runIngest({ decoders: twitterPostDecoders, source, bus: new InProcessBus(), posts: store.posts, durationMs: 30_000 }),
      ).rejects.toBeInstanceOf(ConfigError);
    } finally {
      await store.close();
    }
  });

  test('an authFailureLimit below 1 is refused at once', () => {
    expect(() => twitterStreamSource({ bearerToken: TOKEN, rules: [{ value: 'cats' }], authFailureLimit: 0 })).toThrow(
      'authFailureLimit: expected an integer ≥ 1, got 0',
    );
  });
});
