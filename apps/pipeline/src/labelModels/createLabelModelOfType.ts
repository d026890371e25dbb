// Creates the label model a config entry names, through @skimmer/labelmodel's factory (or its Snorkel model while the factory has not landed).

import { ConfigError } from '@skimmer/core';
import type { LabelModel } from '@skimmer/core';

type LabelModelModule = Record<string, unknown> & {
  createLabelModel?: (type: string, options: { cardinality: number }) => LabelModel;
  SnorkelLabelModel?: new (options: { cardinality: number }) => LabelModel;
};

let labelModelModule: Promise<LabelModelModule> | undefined;

function importLabelModels(): Promise<LabelModelModule> {
  return (labelModelModule ??= import('@skimmer/labelmodel') as Promise<LabelModelModule>);
}

/** True when this build of @skimmer/labelmodel can create `type`. */
export async function isLabelModelAvailable(type: string): Promise<boolean> {
  const mod = await importLabelModels();
  return typeof mod.createLabelModel === 'function' || (type === 'snorkel' && typeof mod.SnorkelLabelModel === 'function');
}

/**
 * A fresh, unfitted label model of `type` (any name of @skimmer/labelmodel's `LABEL_MODEL_TYPES`; 'ds-dev' and 'auto' need `{ Ldev, Ydev }` at fit) for `cardinality` classes.
 *
 * @example
 * const model = await createLabelModelOfType('snorkel', 2);
 * model.fit(L, { nEpochs: 500, seed: 123 });
 */
export async function createLabelModelOfType(type: string, cardinality: number): Promise<LabelModel> {
  const mod = await importLabelModels();
  if (typeof mod.createLabelModel === 'function') return mod.createLabelModel(type, { cardinality });
  if (type === 'snorkel' && mod.SnorkelLabelModel) return new mod.SnorkelLabelModel({ cardinality });
  throw new ConfigError('labelModel.type', `label model "${type}" is not available in this version of @skimmer/labelmodel`, { type });
}
