// Finds the run `pipeline iterate` builds on (the given one, or the latest succeeded run of this config) and opens its outputs, to be read chunk by chunk.

import path from 'node:path';
import { DataError } from '@skimmer/core';
import type { PipelineConfig, SplitName } from '../config/pipelineConfigSchema.ts';
import type { Store } from '@skimmer/core';
import { earlierRunSplitRows } from '../stages/earlierRunSplitRows.ts';
import type { SplitRows } from '../stages/splitRows.ts';

/** What an iteration needs from a run: its LF votes (on disk), where its label-model labels are stored, and its classifier, if any. */
export interface BaseRun {
  readonly id: string;
  readonly lfNames: readonly string[];
  /** Each split's votes, item ids and gold labels, re-readable chunk by chunk. */
  readonly splits: ReadonlyMap<SplitName, SplitRows>;
  /** The run whose label-model labels the store holds (`artifacts.labelOutputs`). */
  readonly labelOutputsRun: string;
  /** Where the run saved its classifier (selection for the first batch uses it), if it trained one. */
  readonly classifierDir: string | null;
}

function configFileOf(config: unknown): string | undefined {
  const file = (config as { file?: unknown } | null)?.file;
  return typeof file === 'string' ? file : undefined;
}

/**
 * The run `fromRun` names, else the most recent succeeded run of `configFile` that stored label-model labels and
 * label matrices. A DataError says what to run first when there is none.
 *
 * @example
 * const base = await findBaseRun(store, 'examples/youtube-spam/config.yaml', { config, baseDir, store, chunkRows: 20_000 }, undefined);
 * base.splits.get('train')?.n; // 1586
 */
export async function findBaseRun(
  store: Store,
  configFile: string,
  data: { config: PipelineConfig; baseDir: string; store: Store; chunkRows: number },
  fromRun: string | undefined,
): Promise<BaseRun> {
  const wanted = path.resolve(configFile);
  const runs = fromRun
    ? [await store.runs.get(fromRun)].filter((r) => r !== undefined)
    : (await store.runs.list({ limit: 200 })).filter((r) => configFileOf(r.config) === wanted);
  const run = runs.find((r) => r.status === 'succeeded' && typeof r.artifacts?.labelOutputs === 'string' && typeof r.artifacts?.labelMatrices === 'string');
  if (!run) {
    const which = fromRun
      ? `run "${fromRun}" (not in the store, not succeeded, or without label-model labels)`
      : `no succeeded run of ${configFile} with label-model labels in the store`;
    throw new DataError(`${which}: run \`pipeline run ${configFile}\` first`, { field: 'run', value: fromRun });
  }
  const artifacts = run.artifacts!;
  const { lfNames, splits } = await earlierRunSplitRows(String(artifacts.labelMatrices), data);
  if (!splits.has('train')) throw new DataError(`run ${run.id} has no train label matrix: run \`pipeline run\` again`, { field: 'labelMatrices' });
  return {
    id: run.id,
    lfNames,
    splits,
    labelOutputsRun: String(artifacts.labelOutputs),
    classifierDir: typeof artifacts.classifier === 'string' ? artifacts.classifier : null,
  };
}
