// Writes a fitted label model's JSON to a file (snorkel's LabelModel.save); loadLabelModel in the registry reads it back.

import { writeFile } from 'node:fs/promises';
import type { LabelModel } from '@skimmer/core';

/**
 * Writes `model.toJSON()` to `file` as one line of JSON.
 *
 * @example
 * await saveLabelModel(model, '/tmp/lm.json'); // loadLabelModel('/tmp/lm.json') restores it
 */
export async function saveLabelModel(model: Pick<LabelModel, 'toJSON'>, file: string): Promise<void> {
  await writeFile(file, `${JSON.stringify(model.toJSON())}\n`);
}
