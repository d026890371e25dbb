// `pipeline ingest config.yaml [--duration 20m] [--role all|collect|store]`: source → producer → bus → consumer → store, in one process or split.

import net from 'node:net';
import { z } from 'zod';
import { ConfigError, SkimmerError, collectorResume, pumpSource, runIngest, runIngestConsumer } from '@skimmer/core';
import type { Bus, IngestStats, Logger, Source, Store } from '@skimmer/core';
import { parseChoice, parseDuration } from '../cliArgParsers.ts';
import { parseLogLevel, walkArgs } from '../cliArgs.ts';
import type { ConfigDocument } from '../config/configDocument.ts';
import { parseConfigValue } from '../config/configIssues.ts';
import { createLogger, type LogLevel } from '../logger.ts';
import { busOf, loadProject, sourceOf, storeOf, type Project } from '../project/loadProject.ts';
import { consumerGroupFor } from './ingestSourceIdentity.ts';

/** The `ingest:` section of config.yaml; an unknown key is a config error (a typo must not be dropped silently). */
export const ingestConfigSchema = z.strictObject({
  /** Validated by the source provider of its `type` (a plugin's). */
  source: z.looseObject({ type: z.string().min(1) }),
  /** Validated by the bus provider of its `type`; default the built-in in-process bus. */
  bus: z.looseObject({ type: z.string().min(1) }).default({ type: 'in-process' }),
  topic: z.string().min(1).default('posts'),
  group: z.string().min(1).default('skimmer-ingest'),
  /** Partitions of the topic when ingest creates it. */
  partitions: z.number().int().min(1).default(1),
  batchSize: z.number().int().min(1).default(500),
  /**
   * Threads that decode batches and format them into the store's rows (Postgres servers and the embedded server); 0 does
   * it on the consumer's thread. Default: cores - 1, at most 4.
   */
  decodeWorkers: z.number().int().min(0).max(64).optional(),
  /** Above this share of consumed records sent to dead_letters, ingest warns and exits 2 (the rows are still stored). */
  maxDeadLetterShare: z.number().min(0).max(1).default(0.1),
});

export type IngestConfig = z.infer<typeof ingestConfigSchema>;

/** The config's `ingest:` section, validated; errors name the file, the YAML path and its line. */
export function parseIngestConfig(doc: Pick<ConfigDocument, 'file' | 'value'> & Partial<ConfigDocument>): IngestConfig {
  return parseConfigValue(ingestConfigSchema, doc.value.ingest, { file: doc.file, located: doc.located, path: ['ingest'] });
}

/** Which half of an ingestion this process runs: both, the collector (source → bus) or a store member (bus → store). */
export type IngestRole = 'all' | 'collect' | 'store';
const ROLES: readonly IngestRole[] = ['all', 'collect', 'store'];

const USAGE = 'usage: pipeline ingest config.yaml [--duration 20m] [--role all|collect|store] [--until-caught-up] [--log-level info]';

function parseArgs(argv: readonly string[]): { file: string; durationMs: number; role: IngestRole; untilCaughtUp: boolean; logLevel?: LogLevel } {
  const args = argv[0] === 'ingest' ? argv.slice(1) : [...argv];
  let durationMs = 20 * 60_000;
  let role = 'all' as IngestRole;
  let untilCaughtUp = false;
  let logLevel: LogLevel | undefined;
  const files: string[] = [];
  walkArgs(args, (flag, value, arg) => {
    if (flag === '--duration') durationMs = parseDuration(value());
    else if (flag === '--role') role = parseChoice(flag, ROLES, value());
    else if (flag === '--until-caught-up') untilCaughtUp = true;
    else if (flag === '--log-level') logLevel = parseLogLevel(value());
    else if (flag === '--debug')
      return; // the CLI's own flag
    else if (flag.startsWith('--')) throw new ConfigError(flag, 'unknown option (expected --duration, --role, --until-caught-up, --log-level, --debug)');
    else files.push(arg);
  });
  if (files.length !== 1) throw new ConfigError('', USAGE);
  if (untilCaughtUp && role !== 'store')
    throw new ConfigError('--until-caught-up', 'only with --role store (--role all already stops when a replay is stored)');
  return { file: files[0], durationMs, role, untilCaughtUp, logLevel };
}

/**
 * 2 with a warning (logged, and one line on stderr) when more than `maxShare` of the consumed records went to
 * dead_letters, else 0: a file whose every record lacks an id must not look like a successful ingest.
 */
export function deadLetterExitCode(stats: Pick<IngestStats, 'consumed' | 'deadLetters'>, maxShare: number, logger: Logger): number {
  const share = stats.consumed > 0 ? stats.deadLetters / stats.consumed : 0;
  if (share <= maxShare) return 0;
  const message = `${stats.deadLetters} of ${stats.consumed} records (${(100 * share).toFixed(1)}%) went to dead_letters, more than ingest.maxDeadLetterShare (${maxShare}): check the source's format and columns (SELECT error FROM dead_letters)`;
  logger.warn({ deadLetters: stats.deadLetters, consumed: stats.consumed, maxDeadLetterShare: maxShare }, message);
  console.error(`pipeline ingest: ${message}`);
  return 2;
}

/** What every ingestion of `ingest:` shares, in this command and beside classify-stream: bus, store, topic, group, batches, decoders. */
export function ingestRunSettings(project: Project, ingest: IngestConfig, bus: Bus, store: Store, group: string) {
  return {
    bus,
    posts: store.posts,
    topic: ingest.topic,
    group,
    partitions: ingest.partitions,
    batchSize: ingest.batchSize,
    decodeWorkers: ingest.decodeWorkers,
    decoders: project.registry.decoders,
  };
}

/**
 * Whether a TCP connection to `host:port` opens within `timeoutMs` (the error code when not: `not host:port` for an
 * address without a port, which the config schema refuses before; never throws).
 */
function tcpReachable(broker: string, timeoutMs: number): Promise<string | true> {
  const at = broker.lastIndexOf(':');
  const host = broker.slice(0, Math.max(0, at)).replace(/^\[|\]$/g, '');
  const port = Number(broker.slice(at + 1));
  if (at <= 0 || host === '' || !Number.isInteger(port) || port < 1 || port > 65_535) return Promise.resolve('not host:port');
  return new Promise((resolve) => {
    let socket: net.Socket | undefined;
    const done = (result: string | true): void => {
      socket?.destroy();
      resolve(result);
    };
    try {
      socket = net.connect({ host, port });
    } catch (err) {
      done((err as NodeJS.ErrnoException).code ?? String(err));
      return;
    }
    socket.setTimeout(timeoutMs, () => done('ETIMEDOUT'));
    socket.once('connect', () => done(true));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
  });
}

/**
 * Waits until one of `ingest.bus.brokers` accepts a TCP connection, trying again every 500 ms; when none has by
 * `deadlineMs` (the run's --duration) or on `signal`, throws one line naming `ingest.bus.brokers`, the brokers tried and
 * what each answered (exit 1, docs/cli.md). Before the Kafka client starts, so its minute of retries never begins.
 */
async function waitForBrokers(ingest: IngestConfig, deadlineMs: number, signal: AbortSignal, logger: Logger): Promise<void> {
  const brokers = Array.isArray(ingest.bus.brokers) ? ingest.bus.brokers.map(String) : [];
  if (brokers.length === 0) return; // the bus provider reports a missing list
  const deadline = Date.now() + deadlineMs;
  for (let attempt = 1; ; attempt++) {
    const answers = await Promise.all(brokers.map((b) => tcpReachable(b, Math.max(1, Math.min(5_000, deadline - Date.now())))));
    if (answers.some((a) => a === true)) return;
    const tried = brokers.map((b, i) => `${b} (${answers[i]})`).join(', ');
    if (Date.now() + 500 >= deadline || signal.aborted)
      throw new SkimmerError('BUS_UNREACHABLE', `ingest.bus.brokers: no Kafka broker answered within ${deadlineMs} ms: tried ${tried}`, { brokers });
    if (attempt === 1) logger.warn({ brokers }, `kafka: no broker answered yet (${tried}); trying again every 500 ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Runs `pipeline ingest`: prints one JSON line with what was produced, consumed and stored; 0 on success, 2 when
 * too many records were dead-lettered; errors are thrown to the CLI (one line, the exit-code table of docs/cli.md).
 *
 * @example
 * await ingestCommand(['config.yaml', '--duration', '5m']);
 */
export async function ingestCommand(argv: readonly string[], injectedLogger?: Logger): Promise<number> {
  let logger: Logger = injectedLogger ?? createLogger();
  let store: Store | undefined;
  let bus: Bus | undefined;
  let source: Source | undefined;
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const { file, durationMs, role, untilCaughtUp, logLevel } = parseArgs(argv);
    if (logLevel && !injectedLogger) logger = createLogger(logLevel);
    const project = await loadProject(file, { logger, provides: ['source', 'bus', 'store'] });
    const ingest = parseIngestConfig(project.doc);
    const busOfConfig = busOf(project);
    const sourceOfConfig = role === 'store' ? undefined : sourceOf(project);
    // The source's identity (a replay source stats and hashes its files): computed once, when first needed.
    let identity: Promise<string> | undefined;
    const sourceKey = (): Promise<string> => (identity ??= (sourceOfConfig ?? sourceOf(project)).identity());
    if (role !== 'all' && busOfConfig.type === 'in-process') {
      throw new ConfigError(
        '--role',
        `--role ${role} runs one half of the ingestion in this process, so the halves need a shared bus: set ingest.bus.type to kafka (the in-process bus works with --role all only)`,
        { file },
      );
    }
    // A broker that never answers ends the run by --duration with one line, not a minute of client retries.
    if (busOfConfig.type === 'kafka') await waitForBrokers(ingest, durationMs, stop.signal, logger);
    bus = await busOfConfig.create();
    if (role === 'collect' && sourceOfConfig) {
      source = await sourceOfConfig.create();
      logger.info({ role, source: ingest.source.type, topic: ingest.topic, durationMs }, 'ingest started');
      const deadline = setTimeout(() => stop.abort(), durationMs);
      try {
        const key = await sourceKey();
        const resume = await collectorResume(bus, ingest.topic, ingest.partitions, key, logger);
        logger.info({ topic: ingest.topic, cursor: resume.cursor, nextBatch: resume.nextBatch.toString() }, 'collector resumes from the topic');
        const { produced } = await pumpSource(source, bus, ingest.topic, {
          batchSize: ingest.batchSize,
          signal: stop.signal,
          cursor: resume.cursor,
          resumeHeaders: { firstBatch: resume.nextBatch, sourceKey: key },
        });
        console.log(JSON.stringify({ ingest: { role, produced } }));
      } finally {
        clearTimeout(deadline);
      }
      return 0;
    }
    if (role === 'all' && sourceOfConfig) source = await sourceOfConfig.create();
    store = await storeOf(project);
    const group = await consumerGroupFor(busOfConfig.type, ingest.group, sourceKey);
    logger.info({ role, source: ingest.source.type, bus: ingest.bus.type, store: store.kind, topic: ingest.topic, group, durationMs }, 'ingest started');
    let last = 0;
    const settings = {
      ...ingestRunSettings(project, ingest, bus, store, group),
      durationMs,
      signal: stop.signal,
      onProgress: (p: IngestStats) => {
        if (Date.now() - last < 5_000) return;
        last = Date.now();
        logger.info(p, 'ingest progress');
      },
    };
    const stats: IngestStats = source
      ? await runIngest({ ...settings, source, sourceKey: await sourceKey(), logger })
      : await runIngestConsumer({ ...settings, untilCaughtUp });
    console.log(JSON.stringify({ ingest: { ...(role === 'store' ? { role } : {}), ...stats, posts: await store.posts.countPosts() } }));
    return deadLetterExitCode(stats, ingest.maxDeadLetterShare, logger);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await source?.close?.();
    await bus?.close();
    await store?.close();
  }
}
