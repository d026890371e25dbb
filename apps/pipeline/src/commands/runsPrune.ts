// `pipeline runs prune config.yaml [--keep N]`: deletes the stored labels of all but the newest N runs of the config's dataset.

import { ConfigError } from '@skimmer/core';
import { walkArgs } from '../cliArgs.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { DEFAULT_KEEP_LABEL_RUNS, pruneLabelOutputs } from '../labelRetention.ts';
import { createLogger } from '../logger.ts';
import { openProjectStore, storeConfigOf } from '../runStore.ts';
import { UsageError } from '../usageError.ts';

/**
 * Prunes label outputs and prints `pruned <runs> runs, <rows> label rows`; exit code 0.
 *
 * @example
 * await runsPruneCommand(['examples/youtube-spam/config.yaml', '--keep', '2']); // 0
 */
export async function runsPruneCommand(argv: readonly string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const positional: string[] = [];
  let keep: number | undefined;
  walkArgs(argv, (flag, value, arg) => {
    if (flag === '--keep') {
      const raw = value();
      keep = Number(raw);
      if (!Number.isInteger(keep) || keep < 1) throw new ConfigError('--keep', `expected a whole number of runs >= 1, got "${raw}"`);
    } else if (flag.startsWith('--')) throw new ConfigError(flag, 'unknown option (expected --keep N)');
    else positional.push(arg);
  });
  if (positional.length !== 1) throw new UsageError('usage: pipeline runs prune <config.yaml> [--keep N]');
  const logger = createLogger('warn');
  const loaded = await loadConfig(positional[0], logger);
  const store = await openProjectStore(storeConfigOf(loaded), { logger });
  try {
    const keepRuns = keep ?? (loaded.config.labelOutputs?.keepRuns || DEFAULT_KEEP_LABEL_RUNS);
    const { runs, rows } = await pruneLabelOutputs(store, loaded.config, keepRuns, logger);
    out.write(`pruned ${runs.length} runs, ${rows} label rows (kept the newest ${keepRuns})\n`);
    return 0;
  } finally {
    await store.close();
  }
}
