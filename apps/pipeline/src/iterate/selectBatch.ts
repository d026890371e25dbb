// Chooses the next batch of train rows to tag: the untagged, not yet pushed rows, ranked by the strategy, one per normalised text.

import { selectForTagging, textGroupKeys } from '@skimmer/core';
import type { ProbMatrix, SelectionStrategy } from '@skimmer/core';

export interface BatchRequest {
  readonly strategy: SelectionStrategy;
  readonly k: number;
  /** The current model's probabilities over the pool (the classifier's, or the label model's before any). */
  readonly modelProbs: ProbMatrix;
  readonly labelModelProbs: ProbMatrix;
  readonly texts: readonly string[];
  /** Rows already pushed to the project (tagged or not): never offered again. */
  readonly pushed: ReadonlySet<number>;
  /** Only these rows may be chosen (the simulated annotator can only answer rows with gold); default all. */
  readonly eligible?: (row: number) => boolean;
  /** One row per normalised text, and none whose text was pushed already. */
  readonly dedupe: boolean;
  readonly seed: number;
}

/**
 * The rows to push next, in the order they should be tagged (fewer than `k` when the pool runs out).
 *
 * @example
 * selectBatch({ strategy: 'margin', k: 2, modelProbs, labelModelProbs, texts, pushed: new Set([0]), dedupe: true, seed: 1 }); // [3, 1]
 */
export function selectBatch(request: BatchRequest): number[] {
  const groupKeys = request.dedupe ? textGroupKeys(request.texts) : undefined;
  const pushedGroups = new Set<number>();
  if (groupKeys) for (const row of request.pushed) pushedGroups.add(groupKeys[row]);
  const candidates: number[] = [];
  for (let row = 0; row < request.texts.length; row++) {
    if (request.pushed.has(row) || (groupKeys && pushedGroups.has(groupKeys[row]))) continue;
    if (request.eligible && !request.eligible(row)) continue;
    candidates.push(row);
  }
  return selectForTagging(request.strategy, {
    probs: request.modelProbs,
    labelModelProbs: request.labelModelProbs,
    candidates,
    k: request.k,
    groupKeys,
    seed: request.seed,
  });
}
