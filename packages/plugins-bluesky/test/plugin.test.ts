// The plugin and its options: registers the `bluesky` source provider, validates `ingest.source` at the door, names its identity.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { container } from 'tsyringe';
import { TOKENS } from '@skimmer/core';
import type { Logger, ProviderContext, SourceProvider } from '@skimmer/core';
import blueskyPlugin, { DEFAULT_JETSTREAM_ENDPOINT, backoffDelay, blueskySourceOptions, subscribeUrl } from '../src/index.ts';
import type { BlueskySourceOptions } from '../src/index.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const ctx: ProviderContext = { logger: silent, baseDir: '.', configFile: 'config.yaml', configPath: 'ingest.source', env: {} };

function provider(): SourceProvider<BlueskySourceOptions> {
  const child = container.createChildContainer();
  blueskyPlugin.register({ container: child, config: undefined, logger: silent, configPath: 'plugins[0]', baseDir: '.' });
  const providers = child.resolveAll<SourceProvider<BlueskySourceOptions>>(TOKENS.SourceProvider);
  expect(providers.map((p) => p.type)).toEqual(['bluesky']);
  return providers[0];
}

/** The issues of a refused `ingest.source`, as `path: message`. */
function issues(input: unknown): string[] {
  const result = blueskySourceOptions.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('@skimmer/plugins-bluesky', () => {
  test('registers a source provider for type bluesky whose schema fills in the defaults', () => {
    const options = provider().optionsSchema.parse({ type: 'bluesky', keywords: ['llm'] });
    expect(options).toEqual({
      type: 'bluesky',
      endpoint: DEFAULT_JETSTREAM_ENDPOINT,
      keywords: ['llm'],
      regex: [],
      languages: [],
      compress: false,
      reconnect: { initialDelayMs: 1_000, maxDelayMs: 30_000, maxAttempts: 12 },
      idleTimeoutMs: 60_000,
    });
  });

  test('refuses a wrong type, a non-WebSocket endpoint, a regex RE2 cannot run in linear time, zstd, and an inverted backoff, unknown keys', () => {
    expect(issues({ type: 'replay' })).toEqual(['type: Invalid input: expected "bluesky"']);
    expect(issues({ type: 'bluesky', endpoint: 'https://jetstream2.us-east.bsky.network/subscribe' })).toEqual(['endpoint: must be a ws:// or wss:// URL']);
    expect(issues({ type: 'bluesky', regex: [{ pattern: '(a+)\\1' }] })).toEqual([
      'regex.0.pattern: invalid regex: invalid escape sequence: \\1 (RE2 has no backreferences or lookaround: they cannot run in linear time)',
    ]);
    // a plain string is a pattern too, checked the same way at the door
    expect(issues({ type: 'bluesky', regex: ['ok', '(a)\\1', 'foo(?=bar)', '(unclosed'] })).toEqual([
      'regex.1: invalid regex: invalid escape sequence: \\1 (RE2 has no backreferences or lookaround: they cannot run in linear time)',
      'regex.2: invalid regex: invalid or unsupported Perl syntax: (?= (RE2 has no backreferences or lookaround: they cannot run in linear time)',
      'regex.3: invalid regex: missing closing ): (?i)(unclosed',
    ]);
    expect(issues({ type: 'bluesky', keyword: ['ai'], reconnect: { maxAttempt: 3 }, regex: [{ pattern: 'a', flag: 'i' }] })).toEqual([
      'regex.0: Unrecognized key: "flag"',
      'reconnect: Unrecognized key: "maxAttempt"',
      ': Unrecognized key: "keyword"',
    ]);
    expect(issues({ type: 'bluesky', compress: true })).toEqual([
      'compress: zstd needs a decoder with dictionary support, which Node 20 does not have: leave compress off (frames are then plain JSON)',
    ]);
    expect(issues({ type: 'bluesky', reconnect: { initialDelayMs: 5_000, maxDelayMs: 1_000 } })).toEqual([
      'reconnect.maxDelayMs: must be >= reconnect.initialDelayMs',
    ]);
  });

  test('the identity names the host and the filters, so another filter keeps its own cursor', async () => {
    const p = provider();
    const identity = (input: object) => p.identity!(p.optionsSchema.parse({ type: 'bluesky', ...input }), ctx);
    expect(await identity({ keywords: ['llm'] })).toMatch(/^bluesky:jetstream2\.us-east\.bsky\.network:[0-9a-f]{12}$/);
    expect(await identity({ keywords: ['llm'] })).toBe(await identity({ keywords: ['llm'], reconnect: { maxAttempts: 3 } }));
    expect(await identity({ keywords: ['llm'] })).not.toBe(await identity({ keywords: ['llm'], languages: ['en'] }));
  });

  test('the subscribe URL asks for posts only and carries the cursor; backoff doubles up to its ceiling with 50–100 % jitter', () => {
    expect(subscribeUrl('ws://127.0.0.1:6008/subscribe?cursor=1', '1779720000137211')).toBe(
      'ws://127.0.0.1:6008/subscribe?cursor=1779720000137211&wantedCollections=app.bsky.feed.post',
    );
    expect(subscribeUrl(DEFAULT_JETSTREAM_ENDPOINT, null)).toBe(`${DEFAULT_JETSTREAM_ENDPOINT}?wantedCollections=app.bsky.feed.post`);
    const policy = { initialDelayMs: 1_000, maxDelayMs: 30_000 };
    expect([0, 1, 2, 5, 40].map((a) => backoffDelay(a, policy, () => 1))).toEqual([1_000, 2_000, 4_000, 30_000, 30_000]);
    expect(backoffDelay(2, policy, () => 0)).toBe(2_000);
  });

  test("examples/bluesky/config.yaml names the plugin and its ingest.source passes the provider's schema", () => {
    const config = parseYaml(readFileSync(new URL('../../../examples/bluesky/config.yaml', import.meta.url), 'utf8'));
    expect(config.plugins).toEqual(['@skimmer/plugins-bluesky']);
    const source = provider().optionsSchema.parse(config.ingest.source);
    expect(source).toMatchObject({
      type: 'bluesky',
      languages: ['en'],
      regex: [{ pattern: '#(rstats|datascience|machinelearning|pydata|bigdata)\\b', flags: 'i' }],
    });
    expect(source.keywords).toContain('machine learning');
  });
});
