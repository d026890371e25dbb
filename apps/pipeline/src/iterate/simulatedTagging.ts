// Tags a pushed batch without a person: the simulated annotator answers from the train split's gold and records through the tagger.

import { SimulatedAnnotator } from '@skimmer/core';
import type { TaggerRepository } from '@skimmer/core';
import { recordTag, type TaggerProject } from '@skimmer/tagging';

/** The annotator name simulated tags are recorded under. */
export const SIMULATED_ANNOTATOR = 'simulated-annotator';

/**
 * Records the gold label of each of `rows` (train rows, `ids` their record ids) as a tag in `project`, exactly as a
 * person's tag in the tagger would be (tagger_tags plus the gold_labels mirror); rows without gold are skipped.
 * Returns how many were tagged.
 *
 * @example
 * await tagWithSimulatedAnnotator(store.tagger, project, [4, 9], ['c4', 'c9'], trainGold); // 2
 */
export async function tagWithSimulatedAnnotator(
  tagger: TaggerRepository,
  project: TaggerProject,
  rows: readonly number[],
  ids: readonly string[],
  trainGold: Int32Array,
): Promise<number> {
  const labels = await new SimulatedAnnotator(trainGold).annotate(rows);
  let tagged = 0;
  for (let j = 0; j < rows.length; j++) {
    if (labels[j] < 0) continue;
    await recordTag(tagger, project, SIMULATED_ANNOTATOR, { recordId: ids[j], label: labels[j] });
    tagged++;
  }
  return tagged;
}
