// The gold dev rows that 'ds-dev' and 'auto' learn from: the dev split's labelled rows, else the valid split's.

import { DataError, labelMatrixFromData } from '@skimmer/core';
import type { LabelMatrix } from '@skimmer/core';
import type { SplitName } from '../config/pipelineConfigSchema.ts';
import type { SplitRows } from '../stages/splitRows.ts';

/** Label model types whose fit needs `{ Ldev, Ydev }`. */
export const DEV_LABEL_MODEL_TYPES: ReadonlySet<string> = new Set(['ds-dev', 'ds-dev-ls', 'auto']);

/** The splits whose gold may serve as dev labels, in order of preference (never test). */
export const DEV_SPLITS: readonly SplitName[] = ['dev', 'valid'];

/** The labelled rows of one split, for fitting. */
export interface DevGold {
  readonly split: SplitName;
  readonly Ldev: LabelMatrix;
  readonly Ydev: Int32Array;
}

/**
 * Reads the rows with a gold label of the first of `DEV_SPLITS` that has any; a DataError naming `modelName` when
 * neither has (the config check catches a file config without either split; a WRENCH folder or a stored dataset
 * can still lack them).
 *
 * @example
 * const { split, Ldev, Ydev } = await readDevGold(splits, 'auto'); // split 'valid', Ldev 120 × 5 on youtube
 */
export async function readDevGold(splits: ReadonlyMap<SplitName, SplitRows>, modelName: string): Promise<DevGold> {
  const split = DEV_SPLITS.find((name) => (splits.get(name)?.goldRows ?? 0) > 0);
  if (!split) {
    throw new DataError(`label model "${modelName}" learns from gold dev labels, but neither the dev nor the valid split has any gold label`, {
      field: 'labelModel',
    });
  }
  const rows = splits.get(split)!;
  const votes: number[] = [];
  const gold: number[] = [];
  for await (const chunk of rows.chunks()) {
    for (let i = 0; i < chunk.L.n; i++) {
      if (chunk.gold[i] < 0) continue;
      gold.push(chunk.gold[i]);
      for (let j = 0; j < rows.m; j++) votes.push(chunk.L.data[i * rows.m + j]);
    }
  }
  return { split, Ldev: labelMatrixFromData(Int32Array.from(votes), gold.length, rows.m), Ydev: Int32Array.from(gold) };
}

/**
 * The extra fit options of a label model of `type`: `{ Ldev, Ydev }` from `readDevGold` for the types that learn from
 * gold dev labels (and which split they came from), nothing for the others.
 *
 * @example
 * const dev = await devFitOptions('auto', 'auto', splits); // { options: { Ldev, Ydev }, devSplit: 'valid' }
 */
export async function devFitOptions(
  type: string,
  modelName: string,
  splits: ReadonlyMap<SplitName, SplitRows>,
): Promise<{ options: { Ldev?: LabelMatrix; Ydev?: Int32Array }; devSplit?: SplitName }> {
  if (!DEV_LABEL_MODEL_TYPES.has(type)) return { options: {} };
  const { split, Ldev, Ydev } = await readDevGold(splits, modelName);
  return { options: { Ldev, Ydev }, devSplit: split };
}
