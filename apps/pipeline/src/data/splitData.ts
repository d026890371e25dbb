// The data a run works on: named splits of points, each with gold labels where known (-1 = unknown).

import type { DataPoint } from '@skimmer/core';
import type { SplitName } from '../config/pipelineConfigSchema.ts';

/** One split: its points in order and their gold labels (-1 where unknown), or no gold at all. */
export interface SplitData {
  readonly name: SplitName;
  readonly points: readonly DataPoint[];
  readonly gold?: Int32Array;
}

/** The splits of a run, train first. */
export type RunData = ReadonlyMap<SplitName, SplitData>;

/** True when the split has at least one known gold label. */
export function hasGold(split: SplitData): split is SplitData & { gold: Int32Array } {
  return split.gold?.some((y) => y >= 0) === true;
}
