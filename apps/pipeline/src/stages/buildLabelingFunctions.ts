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

/** Thrown by the context's `train` / `dev` while they are not loaded: the provider needs the data, so it is read then. */
class SplitDataNeeded extends Error {}

/** A context whose `train` and `dev` throw SplitDataNeeded: keyword / regex providers never read them. */
function contextWithoutData(loaded: LoadedConfig, logger: Logger): LFBuildContext {
  const base = lfBuildContext(loaded, new Map(), logger);
  const needed = (): never => {
    throw new SplitDataNeeded('LF providers read the train / dev splits');
  };
  return Object.defineProperties({ ...base }, { train: { get: needed, enumerable: true }, dev: { get: needed, enumerable: true } });
}

/**
 * The run's LFs, reading the splits only when a provider asks for them (clusters learn from train; keyword and regex
 * LFs need no data), so a streaming run does not hold its train split in memory to build keyword LFs.
 *
 * @example
 * const lfs = await buildLabelingFunctionsLazily(loaded, logger, () => loadRunData(loaded.config, loaded.baseDir, store));
 */
export async function buildLabelingFunctionsLazily(loaded: LoadedConfig, logger: Logger, loadData: () => Promise<RunData>): Promise<LabelingFunction[]> {
  try {
    return await buildLabelingFunctions(loaded, contextWithoutData(loaded, logger));
  } catch (error) {
    if (!(error instanceof SplitDataNeeded)) throw error;
  }
  return buildLabelingFunctions(loaded, lfBuildContext(loaded, await loadData(), logger));
}
