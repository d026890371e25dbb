// Reads a dataset's splits from the store: split membership from dataset_items, texts from raw_posts, gold from gold_labels.

import { DataError } from '@skimmer/core';
import type { Store } from '@skimmer/core';
import type { SplitName } from '../config/pipelineConfigSchema.ts';
import type { SplitData } from './splitData.ts';

/** Store split names for each config split (`prepare` records the LF split as 'dev' and validation as 'val'). */
const STORE_SPLITS: Readonly<Record<SplitName, string>> = { train: 'train', dev: 'dev', valid: 'val', test: 'test' };

/**
 * Reads the splits of dataset `name`; an item's gold label is the first annotator's (by name order).
 *
 * @example
 * const splits = await loadStoreSplits(store, 'ai-tweets');
 */
export async function loadStoreSplits(store: Store, name: string): Promise<Map<SplitName, SplitData>> {
  if (!(await store.datasets.getDataset(name))) {
    throw new DataError(`dataset "${name}" is not in the store (run \`pipeline prepare\` first)`, { record: name, field: 'data.dataset' });
  }
  const gold = new Map<string, number>();
  for (const label of await store.goldLabels.read(name)) if (!gold.has(label.itemId)) gold.set(label.itemId, label.label);
  const splits = new Map<SplitName, SplitData>();
  for (const [split, storeSplit] of Object.entries(STORE_SPLITS) as [SplitName, string][]) {
    const items = await store.datasets.readSplit(name, storeSplit);
    if (items.length === 0) continue;
    const posts = await store.posts.getPosts(items.map((item) => item.itemId));
    const points = posts.map((post) => ({ ...post }));
    const golds = Int32Array.from(points, (p) => gold.get(p.id) ?? -1);
    splits.set(split, { name: split, points, gold: golds.some((y) => y >= 0) ? golds : undefined });
  }
  if (!splits.has('train')) throw new DataError(`dataset "${name}" has no train split in the store`, { record: name, field: 'data.dataset' });
  return splits;
}
