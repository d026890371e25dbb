// `pipeline classify-stream config.yaml [--duration 20m]`: the streaming classifier; on the in-process bus it runs the configured ingest in the same process.

import {
  ConfigError,
  caughtUp,
  runClassifyStream,
  runIngest,
  type Bus,
  type ClassifyStreamStats,
  type IngestStats,
  type OffsetPosition,
  type Store,
} from '@skimmer/core';
import { configSection, siteOf } from '../config/configDocument.ts';
import { locatedConfigError } from '../config/configIssues.ts';
import { UsageError } from '../usageError.ts';
import { busOf, loadProject, sourceOf, storeOf, type Project } from '../project/loadProject.ts';
import { servingOf } from '../project/pluginProvider.ts';
import { parseDuration } from '../cliArgParsers.ts';
import { ingestRunSettings, parseIngestConfig, type IngestConfig } from './ingest.ts';
import { consumerGroupFor } from './ingestSourceIdentity.ts';
import { configFileArg, untilSignal } from './serve.ts';

/** On the in-process bus ingest runs alongside and must end: a live source is refused at the door, before anything starts. */
function refuseLiveSourceAlongside(project: Project, ingest: IngestConfig | undefined, busType: string): void {
  if (ingest === undefined || busType !== 'in-process' || ingest.source.type === 'replay') return;
  throw locatedConfigError(
    siteOf(project.doc),
    new ConfigError('ingest.source', 'classify-stream on the in-process bus runs ingest alongside, so the source must be a replay (or use a Kafka bus)'),
  );
}

/** Ingest into the same in-process bus, from the replay files of `ingest.source` (the only source that ends). */
async function ingestAlongside(project: Project, ingest: IngestConfig, bus: Bus, store: Store, group: string, signal: AbortSignal): Promise<IngestStats> {
  return runIngest({ ...ingestRunSettings(project, ingest, bus, store, group), source: await sourceOf(project).create(), signal });
}

/** Resolves once the stored offsets reach the topic's end (or on abort). */
async function waitCaughtUp(bus: Bus, stored: () => Promise<OffsetPosition[]>, topic: string, signal: AbortSignal): Promise<void> {
  while (!signal.aborted && !caughtUp(await bus.endOffsets(topic), await stored())) await new Promise((resolve) => setTimeout(resolve, 100));
}

/**
 * The topic classify-stream reads: `classifyStream.topic`, else `ingest.topic` (where ingest produces), else `posts`.
 *
 * @example
 * classifyStreamTopic({}, { topic: 'bsky' }); // 'bsky'
 */
export function classifyStreamTopic(stream: { topic?: string }, ingest: { topic: string } | undefined): string {
  return stream.topic ?? ingest?.topic ?? 'posts';
}

/**
 * One warning line on stderr when `topic` has no record at start (it does not exist yet or is empty): a classifier
 * reading the wrong topic would otherwise consume nothing and exit 0 without a word.
 */
export async function warnIfTopicEmpty(bus: Bus, topic: string, ingestTopic: string | undefined): Promise<void> {
  const ends = await bus.endOffsets(topic).catch(() => []);
  if (ends.some((p) => BigInt(p.nextOffset) > 0n)) return;
  const hint = ingestTopic === undefined ? 'no ingest: section names the topic ingest produces to' : `ingest.topic is "${ingestTopic}"`;
  console.error(
    `pipeline classify-stream: warning: topic "${topic}" does not exist or holds no records yet, so there is nothing to classify until something is produced to it (${hint}; classifyStream.topic sets another)`,
  );
}

/**
 * Runs the streaming classifier until interrupted or `--duration` has passed; on the in-process bus with a replay,
 * until the replay is ingested and classified. Prints one JSON line with what it did; returns the exit code.
 */
export async function classifyStreamCommand(argv: readonly string[]): Promise<number> {
  const args = argv[0] === 'classify-stream' ? argv.slice(1) : argv;
  const file = configFileArg(args, 'classify-stream', ['--duration']);
  if (!file) throw new UsageError('usage: pipeline classify-stream config.yaml [--duration 20m]');
  let store: Store | undefined;
  let bus: Bus | undefined;
  try {
    const project = await loadProject(file, { provides: ['source', 'bus', 'store'] });
    const { doc } = project;
    const baseDir = doc.baseDir;
    const serving = await servingOf(project);
    const stream = configSection(doc, serving.classifyStreamSchema, 'classifyStream');
    const ingest = doc.value.ingest === undefined ? undefined : parseIngestConfig(doc);
    const durationArg = args[args.indexOf('--duration') + 1];
    const durationMs = args.includes('--duration')
      ? parseDuration(durationArg ?? '')
      : stream.durationSeconds === undefined
        ? undefined
        : stream.durationSeconds * 1000;
    const busOfConfig = busOf(project);
    refuseLiveSourceAlongside(project, ingest, busOfConfig.type);
    store = await storeOf(project);
    const { model, relevant } = await serving.loadStreamModel(stream, { baseDir, store: store!, classifiers: [...project.registry.classifiers.values()] });
    bus = await busOfConfig.create('-classify');
    const stop = new AbortController();
    void untilSignal().then(() => stop.abort());
    const posts = store!.posts;
    const sameProcess = ingest !== undefined && busOfConfig.type === 'in-process';
    const topic = classifyStreamTopic(stream, ingest);
    if (!sameProcess) await warnIfTopicEmpty(bus, topic, ingest?.topic);
    // On the in-process bus, offsets are this process's own (the bus starts empty and ingest resumes the source from its
    // stored cursor), so the classifier's group is this process's too: a group's offsets stored by an earlier process
    // would skip this one's records.
    const group = sameProcess
      ? `${await consumerGroupFor(busOfConfig.type, stream.group, () => sourceOf(project).identity())}#${process.pid}-${Date.now()}`
      : stream.group;
    const classify = runClassifyStream({
      bus,
      predictions: store!.predictions,
      readOffsets: (g, t) => posts.readOffsets(g, t),
      model: () => model,
      relevant,
      topic,
      group,
      batchSize: stream.batchSize,
      decoders: project.registry.decoders,
      durationMs,
      signal: stop.signal,
    });
    let ingested: IngestStats | null = null;
    if (sameProcess) {
      const ingestGroup = await consumerGroupFor(busOfConfig.type, ingest.group, () => sourceOf(project).identity());
      ingested = await ingestAlongside(project, ingest, bus, store!, ingestGroup, stop.signal);
      await waitCaughtUp(bus, () => posts.readOffsets(group, topic), topic, stop.signal);
      stop.abort();
    }
    const classified: ClassifyStreamStats = await classify;
    console.log(JSON.stringify({ modelId: model.id, ingested, classified }));
    return 0;
  } finally {
    await bus?.close();
    await store?.close();
  }
}
