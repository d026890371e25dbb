// Creates the label model a config entry names, through @skimmer/labelmodel's factory (loaded on first use).

import type { LabelModel } from '@skimmer/core';

/**
 * A fresh, unfitted label model of `type` (any name of @skimmer/labelmodel's `LABEL_MODEL_TYPES`; 'ds-dev' and 'auto' need `{ Ldev, Ydev }` at fit) for `cardinality` classes.
 *
 * @example
 * const model = await createLabelModelOfType('snorkel', 2);
 * model.fit(L, { nEpochs: 500, seed: 123 });
 */
export async function createLabelModelOfType(type: string, cardinality: number): Promise<LabelModel> {
  const { createLabelModel } = await import('@skimmer/labelmodel');
  return createLabelModel(type, { cardinality });
}
