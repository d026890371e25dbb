// What a stage command needs before it records a run or creates its folder: a classifier to train, an earlier run that exists.

import { ConfigError, DataError, type Store } from '@skimmer/core';
import type { LoadedConfig } from './config/loadConfig.ts';

/**
 * Refuses, before anything is written, a `train` without a `classifier:` section and a `--run` that names no run in
 * the store (ConfigError / DataError: the CLI prints one line and exits 2).
 *
 * @example
 * await checkRunPreconditions(loaded, store, { stages: ['analyze', 'train'], fromRun: '20260101T000000-abcd' });
 */
export async function checkRunPreconditions(loaded: LoadedConfig, store: Store, options: { stages: readonly string[]; fromRun?: string }): Promise<void> {
  if (options.stages.includes('train') && !options.stages.includes('fit') && !loaded.config.classifier) {
    throw new ConfigError(
      '',
      `${loaded.file}: nothing to train: the config has no \`classifier:\` section (e.g. \`classifier: { type: linear }\` with the '@skimmer/plugins-linear' plugin)`,
      { path: 'classifier' },
    );
  }
  if (options.fromRun !== undefined && !(await store.runs.get(options.fromRun))) {
    const recent = (await store.runs.list({ limit: 3 })).map((r) => r.id);
    const hint = recent.length > 0 ? `; the latest runs are ${recent.join(', ')}` : '; the store has no runs yet';
    throw new DataError(`--run ${options.fromRun}: no such run in the store${hint}`, { field: '--run' });
  }
}
