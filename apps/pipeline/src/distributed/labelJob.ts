// What every role of a distributed labelling job opens: the run config (LFs, label model), the bus of `ingest.bus`, the store and its vote repository.

import { ConfigError, labelVotesOf } from '@skimmer/core';
import type { Bus, LabelVoteRepository, Logger, Store } from '@skimmer/core';
import { siteOf } from '../config/configDocument.ts';
import { locatedConfigError } from '../config/configIssues.ts';
import { loadConfig, type LoadedConfig } from '../config/loadConfig.ts';
import { busOf, loadProject, type Project } from '../project/loadProject.ts';
import { openProjectStore, storeConfigOf } from '../runStore.ts';
import type { LabelArgs } from './labelArgs.ts';

export interface LabelJob {
  readonly loaded: LoadedConfig;
  readonly project: Project;
  readonly bus: Bus;
  readonly store: Store;
  readonly votes: LabelVoteRepository;
  /** The topic the points are read from. */
  readonly topic: string;
  /** The job's name: the workers' consumer group, the key of its votes, statistics and model. */
  readonly job: string;
  readonly logger: Logger;
  close(): Promise<void>;
}

function stringAt(value: unknown, key: string): string | undefined {
  const v = (value as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * Loads the config once as a run (LFs, label models, `store:`) and as a project (the bus of `ingest.bus`), and opens
 * the bus and the store. The in-process bus is refused: the members of a job are separate processes.
 */
export async function openLabelJob(args: LabelArgs, logger: Logger): Promise<LabelJob> {
  const loaded = await loadConfig(args.file, logger);
  const project = await loadProject(args.file, { logger, provides: ['bus', 'store'] });
  const busOfConfig = busOf(project);
  if (busOfConfig.type === 'in-process')
    throw locatedConfigError(
      siteOf(project.doc),
      new ConfigError('ingest.bus', 'distributed labelling shares the posts between processes: set ingest.bus to a kafka bus'),
    );
  const ingest = project.doc.value.ingest;
  const topic = args.topic ?? stringAt(ingest, 'topic') ?? 'posts';
  const job = args.group ?? `label-${loaded.config.name ?? 'posts'}`;
  const store = await openProjectStore(storeConfigOf(loaded), { logger });
  let bus: Bus | undefined;
  try {
    const votes = labelVotesOf(store);
    if (!votes)
      throw locatedConfigError(
        siteOf(project.doc),
        new ConfigError('store', `the ${store.kind} store keeps no label votes: use the @skimmer/plugins-postgres store`),
      );
    bus = await busOfConfig.create(`-label-${args.role}`);
    const opened = bus;
    return {
      loaded,
      project,
      bus: opened,
      store,
      votes,
      topic,
      job,
      logger,
      async close() {
        await opened.close();
        await store.close();
      },
    };
  } catch (error) {
    await bus?.close();
    await store.close();
    throw error;
  }
}
