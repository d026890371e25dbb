// Publishes a split of the run config's data to the job's topic, one data point a record keyed by its id, for the workers to label.

import type { LabelJob } from './labelJob.ts';
import type { SplitName } from '../config/pipelineConfigSchema.ts';
import { openSplitSources } from '../data/splitSources.ts';
import { ConfigError } from '@skimmer/core';
import { pointRecord } from './pointRecords.ts';

/** Records per produce call. */
const PRODUCE_ROWS = 1000;

/**
 * Reads `split` chunk by chunk (ids made unique as `pipeline run` makes them) and produces its points to the job's
 * topic, created with `partitions` partitions when missing. Returns the records produced.
 */
export async function publishPoints(job: LabelJob, split: SplitName, partitions: number): Promise<number> {
  const { loaded, bus, topic } = job;
  const source = (await openSplitSources(loaded.config, loaded.baseDir, job.store)).get(split);
  if (!source) throw new ConfigError(`data.${split}`, `the config has no ${split} split to publish`, { file: loaded.file });
  await bus.ensureTopic(topic, partitions);
  let produced = 0;
  for await (const chunk of source.chunks(PRODUCE_ROWS)) {
    await bus.produce(topic, chunk.points.map(pointRecord));
    produced += chunk.points.length;
  }
  return produced;
}
