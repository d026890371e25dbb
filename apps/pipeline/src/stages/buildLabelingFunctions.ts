// Builds the run's labeling functions: each `lfs[i]` entry through its provider, then the LFs plugins registered in code.

import { assertUniqueNames } from '@skimmer/core';
import type { LabelingFunction, LFBuildContext, Logger } from '@skimmer/core';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { hasGold, type RunData } from '../data/splitData.ts';

/** Default seed of a run when config.yaml sets none. */
export const DEFAULT_SEED = 123;

/** The context providers build from: train points, and dev gold (the `dev` split, else `valid`) for providers that need labels. */
export function lfBuildContext(loaded: LoadedConfig, data: RunData, logger: Logger): LFBuildContext {
  const dev = [data.get('dev'), data.get('valid')].find((split) => split !== undefined && hasGold(split));
  return {
    train: data.get('train')?.points ?? [],
    dev: dev ? { points: dev.points, labels: dev.gold! } : undefined,
    seed: loaded.config.seed ?? DEFAULT_SEED,
    cardinality: loaded.config.labels.length,
    classNames: loaded.config.labels,
    logger,
    baseDir: loaded.baseDir,
  };
}

/**
 * The LFs in config order, then the code LFs of each plugin in plugin order. Duplicate names are a ConfigError.
 *
 * @example
 * const lfs = await buildLabelingFunctions(loaded, lfBuildContext(loaded, data, logger));
 * lfs.map((lf) => lf.name); // ['keyword_my', 'keyword_subscribe', ...]
 */
export async function buildLabelingFunctions(loaded: LoadedConfig, context: LFBuildContext): Promise<LabelingFunction[]> {
  const lfs: LabelingFunction[] = [];
  for (const [i, entry] of loaded.lfEntries.entries()) {
    const provider = loaded.registry.lfProviders.get(loaded.config.lfs![i].type)!;
    for (const lf of await provider.create(entry, context)) lfs.push(lf);
  }
  for (const { lfs: codeLFs } of loaded.registry.codeLFs) for (const lf of codeLFs) lfs.push(lf);
  assertUniqueNames(lfs);
  return lfs;
}
