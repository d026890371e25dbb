// What a stage command needs before it records a run or creates its folder: a classifier to train (config.yaml alone), an earlier run that exists (the store).

import { ConfigError, DataError, type Store } from '@skimmer/core';
import type { LoadedConfig } from './config/loadConfig.ts';

/**
 * Refuses, before the store opens or anything is written, a `train` without a `fit` whose config has no `classifier:`
 * section (ConfigError: the CLI prints one line and exits 2).
 *
 * @example
 * checkConfigPreconditions(loaded, ['analyze', 'train']);
 */
export function checkConfigPreconditions(loaded: LoadedConfig, stages: readonly string[]): void {
  if (stages.includes('train') && !stages.includes('fit') && !loaded.config.classifier) {
    throw new ConfigError(
      '',
      `${loaded.file}: nothing to train: the config has no \`classifier:\` section (e.g. \`classifier: { type: linear }\` with the '@skimmer/plugins-linear' plugin)`,
      { path: 'classifier' },
    );
  }
}

/**
 * Refuses, once the store is open and before the run is recorded, a `--run` that names no run in the store (DataError:
 * the CLI prints one line and exits 2).
 *
 * @example
 * await checkStorePreconditions(store, '20260101T000000-abcd');
 */
export async function checkStorePreconditions(store: Store, fromRun: string | undefined): Promise<void> {
  if (fromRun !== undefined && !(await store.runs.get(fromRun))) {
    const recent = (await store.runs.list({ limit: 3 })).map((r) => r.id);
    const hint = recent.length > 0 ? `; the latest runs are ${recent.join(', ')}` : '; the store has no runs yet';
    throw new DataError(`--run ${fromRun}: no such run in the store${hint}`, { field: '--run' });
  }
}
