// The labelled rows of an earlier run, from its `label-matrices.json`: `pipeline run --from-run`, `train` alone and `iterate` read a run through it.

import type { Store } from '@skimmer/core';
import type { PipelineConfig, SplitName } from '../config/pipelineConfigSchema.ts';
import { loadRunData } from '../data/loadRunData.ts';
import { loadLabelMatrices } from '../runArtifacts.ts';
import { memorySplitRows, readSplitRowsIndex, type SplitRows } from './splitRows.ts';

/**
 * The run's block files, re-readable chunk by chunk; for runs before streaming (L files only), L with the config's
 * data read again (splits the data no longer has are left out).
 */
export async function earlierRunSplitRows(
  indexPath: string,
  data: { config: PipelineConfig; baseDir: string; store: Store; chunkRows: number },
): Promise<{ lfNames: readonly string[]; splits: ReadonlyMap<SplitName, SplitRows> }> {
  const streamed = await readSplitRowsIndex(indexPath);
  if (streamed) return streamed;
  const { lfNames, matrices } = await loadLabelMatrices(indexPath);
  const loaded = await loadRunData(data.config, data.baseDir, data.store);
  const splits = new Map<SplitName, SplitRows>();
  for (const [name, L] of matrices) {
    const split = loaded.get(name);
    if (split) splits.set(name, memorySplitRows(L, split, data.chunkRows));
  }
  return { lfNames, splits };
}
