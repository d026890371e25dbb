// Specification of `pipeline ingest`: the embedded default (replay → in-process bus → PGlite) and its argument and config errors.

import { expect, test, vi } from 'vitest';
import { datasetPath } from '@skimmer/core';
import { kafkaBusOptions, kafkaBusOptionsSchema } from '@skimmer/plugins-kafka';
import { parseDuration } from '../src/cliArgParsers.ts';
import { ingestCommand } from '../src/commands/ingest.ts';
import { main } from '../src/cli.ts';
import { configFolder, silentLogger } from './configFiles.ts';

const { config } = configFolder('skimmer-ingest-cmd-');

const logger = silentLogger;

test('replays the recordings into the embedded store and prints what it stored as one JSON line', async () => {
  const file = config(
    'ingest.yaml',
    `store: { dataDir: "memory://" }\ningest:\n  source:\n    type: replay\n    files: [${datasetPath('twitter-v2-twarc-csv', 'streaming_output_with_error.jsonl')}, ${datasetPath('twitter-v2-twarc-csv', 'brexit.jsonl')}]\n  partitions: 2\n`,
  );
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const code = await ingestCommand(['ingest', file, '--duration', '2m'], logger);
  const printed = log.mock.calls.map((c) => String(c[0]));
  log.mockRestore();
  expect(code).toBe(0);
  expect(JSON.parse(printed.at(-1)!)).toEqual({ ingest: { produced: 108, consumed: 108, insertedPosts: 107, insertedUrls: 23, deadLetters: 1, posts: 107 } });
});

test('a config without an ingest source fails with the YAML path named', async () => {
  const file = config('bad.yaml', 'ingest:\n  source: { type: replay }\n');
  await expect(ingestCommand([file], logger)).rejects.toThrow(/^.*bad\.yaml: ingest\.source\.files: required \(expected array\) \(line 2\)$/);
});

test('durations read as 20m, 90s, 1h, 500ms, or bare seconds', () => {
  expect(['20m', '90s', '1h', '500ms', '30'].map(parseDuration)).toEqual([1_200_000, 90_000, 3_600_000, 500, 30_000]);
  expect(() => parseDuration('2x')).toThrow('--duration: expected a duration like 20m, 90s, 1h or 500ms, got "2x"');
});

test('--role collect or store with the in-process bus fails and says the halves need kafka', async () => {
  const file = config('roles.yaml', `store: { dataDir: "memory://" }\ningest:\n  source: { type: replay, files: [x.jsonl] }\n`);
  await expect(ingestCommand([file, '--role', 'store'], logger)).rejects.toThrow(
    /^--role: --role store runs one half of the ingestion in this process, so the halves need a shared bus: set ingest\.bus\.type to kafka/,
  );
});

test('an unknown --role names the three roles', async () => {
  await expect(ingestCommand(['x.yaml', '--role', 'both'], logger)).rejects.toThrow('--role: expected one of all, collect, store, got "both"');
});

test('--until-caught-up is refused without --role store', async () => {
  await expect(ingestCommand(['x.yaml', '--until-caught-up'], logger)).rejects.toThrow(
    '--until-caught-up: only with --role store (--role all already stops when a replay is stored)',
  );
});

test('a kafka bus takes its tuning from ingest.bus, with defaults, and refuses a codec Kafka lacks', () => {
  const bus = kafkaBusOptionsSchema.parse({ type: 'kafka', brokers: ['k:9092'], compression: 'none', partitionsConsumedConcurrently: 3 });
  expect(kafkaBusOptions(bus, '-classify')).toEqual({
    brokers: ['k:9092'],
    clientId: 'skimmer-classify',
    compression: 'none',
    client: 'kafkajs-fork',
    partitionsConsumedConcurrently: 3,
    sessionTimeoutMs: 10_000,
    maxProduceBytes: 900_000,
  });
  expect(kafkaBusOptionsSchema.safeParse({ type: 'kafka', brokers: ['k:9092'], compression: 'brotli' }).error?.issues[0].path).toEqual(['compression']);
});

test('an unknown source or bus type is a config error naming the file, the YAML path, the line and the available types', async () => {
  const file = config('unknown-type.yaml', 'store: { dataDir: "memory://" }\ningest:\n  source: { type: mastodon }\n');
  let stderr = '';
  const code = await main(['ingest', file, '--log-level', 'silent'], { write: (t: string) => ((stderr += t), true) } as unknown as NodeJS.WritableStream);
  expect(code).toBe(2);
  expect(stderr).toBe(`pipeline: ${file}: ingest.source.type: unknown source type "mastodon" (available: replay, twitter) (line 3)\n`);
  const bus = config('unknown-bus.yaml', 'store: { dataDir: "memory://" }\ningest:\n  source: { type: replay, files: [x.csv] }\n  bus: { type: nats }\n');
  stderr = '';
  expect(await main(['ingest', bus, '--log-level', 'silent'], { write: (t: string) => ((stderr += t), true) } as unknown as NodeJS.WritableStream)).toBe(2);
  expect(stderr).toBe(`pipeline: ${bus}: ingest.bus.type: unknown bus type "nats" (available: in-process, kafka) (line 4)\n`);
}, 60_000);

test('--log-level is the CLI-wide option here too: a known level is taken, an unknown one named', async () => {
  await expect(ingestCommand(['x.yaml', '--log-level', 'loud'], logger)).rejects.toThrow(
    '--log-level: unknown level "loud" (expected fatal, error, warn, info, debug, trace, silent)',
  );
  await expect(ingestCommand(['missing.yaml', '--log-level', 'warn'], logger)).rejects.toThrow('missing.yaml: file not found');
});

test('an unknown option is named with the options ingest takes', async () => {
  await expect(ingestCommand(['x.yaml', '--durration', '5m'], logger)).rejects.toThrow(
    '--durration: unknown option (expected --duration, --role, --until-caught-up, --log-level, --debug)',
  );
});
