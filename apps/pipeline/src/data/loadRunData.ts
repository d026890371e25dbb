// Loads the splits a config's `data:` section names: files, a WRENCH directory, or a dataset in the store.

import path from 'node:path';
import { ConfigError } from '@skimmer/core';
import type { Store } from '@skimmer/core';
import { readWrenchDir } from '@skimmer/labelmodel';
import { checkDisjointSplits } from '../config/configConsistency.ts';
import type { FileSplitConfig, PipelineConfig, SplitName } from '../config/pipelineConfigSchema.ts';
import { loadFileSplits } from './loadFileSplits.ts';
import { loadStoreSplits } from './loadStoreSplits.ts';
import type { RunData, SplitData } from './splitData.ts';

/** WRENCH splits (train, valid, test) through @skimmer/labelmodel's reader: texts and gold labels (its weak labels are not used). */
async function loadWrenchSplits(dir: string): Promise<Map<SplitName, SplitData>> {
  const dataset = await readWrenchDir(dir);
  const splits = new Map<SplitName, SplitData>();
  for (const name of ['train', 'valid', 'test'] as const) {
    const split = dataset[name];
    if (!split) continue;
    const points = split.ids.map((id, i) => ({ id, text: split.texts[i] }));
    splits.set(name, { name, points, gold: split.labels.some((y) => y >= 0) ? split.labels : undefined });
  }
  return splits;
}

/**
 * The run's splits, train first.
 *
 * @example
 * const data = await loadRunData(config, baseDir, store);
 * data.get('test')?.gold; // Int32Array of class indices
 */
export async function loadRunData(config: PipelineConfig, baseDir: string, store: Store | undefined): Promise<RunData> {
  const splits = await readSplits(config, baseDir, store);
  // WRENCH numbers each split's points from 0, so only files and store datasets must keep ids apart
  if (!('wrench' in config.data)) checkDisjointSplits([...splits].map(([name, split]) => [name, split.points.map((p) => p.id)]));
  return splits;
}

async function readSplits(config: PipelineConfig, baseDir: string, store: Store | undefined): Promise<RunData> {
  const data = config.data;
  if ('wrench' in data) return loadWrenchSplits(path.resolve(baseDir, data.wrench));
  if ('dataset' in data) {
    if (!store) throw new ConfigError('data.dataset', 'reading a dataset needs a store (add `store:` or the @skimmer/plugins-postgres plugin)');
    return loadStoreSplits(store, data.dataset);
  }
  return loadFileSplits(data as Partial<Record<SplitName, FileSplitConfig>>, config.labels, baseDir);
}
