// Loads the splits a config's `data:` section names: files, a WRENCH directory, or a dataset in the store.

import path from 'node:path';
import { ConfigError } from '@skimmer/core';
import type { Store } from '@skimmer/core';
import type { FileSplitConfig, PipelineConfig, SplitName } from '../config/pipelineConfigSchema.ts';
import { loadFileSplits } from './loadFileSplits.ts';
import { loadStoreSplits } from './loadStoreSplits.ts';
import type { RunData, SplitData } from './splitData.ts';

type WrenchReader = (dir: string, split: string) => { points: SplitData['points']; gold: Int32Array } | Promise<{ points: SplitData['points']; gold: Int32Array }>;

/** WRENCH splits through @skimmer/labelmodel's reader (train, valid → dev, test). */
async function loadWrenchSplits(dir: string): Promise<Map<SplitName, SplitData>> {
  const mod = (await import('@skimmer/labelmodel')) as Record<string, unknown>;
  const read = mod.readWrenchSplit as WrenchReader | undefined;
  if (typeof read !== 'function') throw new ConfigError('data.wrench', 'this version of @skimmer/labelmodel has no WRENCH reader (readWrenchSplit)');
  const splits = new Map<SplitName, SplitData>();
  for (const [split, file] of [['train', 'train'], ['valid', 'valid'], ['test', 'test']] as const) {
    const { points, gold } = await read(dir, file);
    splits.set(split, { name: split, points, gold });
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
  const data = config.data;
  if ('wrench' in data) return loadWrenchSplits(path.resolve(baseDir, data.wrench));
  if ('dataset' in data) {
    if (!store) throw new ConfigError('data.dataset', 'reading a dataset needs a store (add `store:` or the @skimmer/plugins-postgres plugin)');
    return loadStoreSplits(store, data.dataset);
  }
  return loadFileSplits(data as Partial<Record<SplitName, FileSplitConfig>>, config.labels, baseDir);
}
