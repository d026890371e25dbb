// Creates label models by short name (as config files and the CLI name them) and restores any of them from JSON.

import { readFile } from 'node:fs/promises';
import { LabelModelError } from '@skimmer/core';
import type { LabelModel } from '@skimmer/core';
import { MajorityClassVoter } from './classPrior.ts';
import { AutoLabelModel } from './autoLabelModel.ts';
import { DawidSkeneLabelModel, DevDawidSkeneLabelModel } from './dawidSkene.ts';
import { EbccLabelModel } from './ebcc.ts';
import { FlyingSquidLabelModel } from './flyingSquid.ts';
import { PriorShiftLabelModel } from './labelShift.ts';
import { MajorityLabelVoter } from './majorityVote.ts';
import { RandomVoter } from './randomVoter.ts';
import { SnorkelLabelModel } from './snorkel/snorkelLabelModel.ts';

/**
 * The short names `createLabelModel` accepts: 'mv' and 'majority' are the same majority vote. 'ds-dev' and 'auto'
 * learn from gold dev rows: fit them with `{ Ldev, Ydev }`. A '-ls' name is that model with label-shift adaptation
 * (`PriorShiftLabelModel`: the class prior re-estimated on the rows being predicted).
 */
export const LABEL_MODEL_TYPES = [
  'mv',
  'majority',
  'prior',
  'random',
  'snorkel',
  'ds',
  'fs',
  'ebcc',
  'ds-dev',
  'auto',
  'snorkel-ls',
  'ds-ls',
  'ebcc-ls',
  'ds-dev-ls',
] as const;
export type LabelModelType = (typeof LABEL_MODEL_TYPES)[number];

const FACTORIES: Record<LabelModelType, (cardinality: number) => LabelModel> = {
  mv: (cardinality) => new MajorityLabelVoter({ cardinality }),
  majority: (cardinality) => new MajorityLabelVoter({ cardinality }),
  prior: (cardinality) => new MajorityClassVoter({ cardinality }),
  snorkel: (cardinality) => new SnorkelLabelModel({ cardinality }),
  ds: (cardinality) => new DawidSkeneLabelModel({ cardinality }),
  fs: (cardinality) => new FlyingSquidLabelModel({ cardinality }),
  random: (cardinality) => new RandomVoter({ cardinality }),
  ebcc: (cardinality) => new EbccLabelModel({ cardinality }),
  'ds-dev': (cardinality) => new DevDawidSkeneLabelModel({ cardinality }),
  auto: (cardinality) => new AutoLabelModel({ cardinality, create: createLabelModel }),
  'snorkel-ls': (cardinality) => new PriorShiftLabelModel({ inner: new SnorkelLabelModel({ cardinality }) }),
  'ds-ls': (cardinality) => new PriorShiftLabelModel({ inner: new DawidSkeneLabelModel({ cardinality }) }),
  'ebcc-ls': (cardinality) => new PriorShiftLabelModel({ inner: new EbccLabelModel({ cardinality }) }),
  'ds-dev-ls': (cardinality) => new PriorShiftLabelModel({ inner: new DevDawidSkeneLabelModel({ cardinality }) }),
};

/** `toJSON().type` → the model's `fromJSON`. */
const FROM_JSON: Record<string, (json: unknown) => LabelModel> = {
  'majority-vote': (json) => MajorityLabelVoter.fromJSON(json),
  'class-prior': (json) => MajorityClassVoter.fromJSON(json),
  snorkel: (json) => SnorkelLabelModel.fromJSON(json),
  'dawid-skene': (json) => DawidSkeneLabelModel.fromJSON(json),
  flyingsquid: (json) => FlyingSquidLabelModel.fromJSON(json),
  random: (json) => RandomVoter.fromJSON(json),
  ebcc: (json) => EbccLabelModel.fromJSON(json),
  'dawid-skene-dev': (json) => DevDawidSkeneLabelModel.fromJSON(json),
  auto: (json) => AutoLabelModel.fromJSON(json, labelModelFromJSON, createLabelModel),
  'prior-shift': (json) => PriorShiftLabelModel.fromJSON(json, labelModelFromJSON),
};

/**
 * A new, unfitted label model of the named type.
 *
 * @example
 * const model = createLabelModel('ds', { cardinality: 2 });
 * model.fit(L);
 */
export function createLabelModel(type: string, { cardinality }: { cardinality: number }): LabelModel {
  if (!(LABEL_MODEL_TYPES as readonly string[]).includes(type)) {
    throw new LabelModelError(`unknown label model "${type}": expected one of ${LABEL_MODEL_TYPES.join(', ')}`, { field: 'type', value: type });
  }
  return FACTORIES[type as LabelModelType](cardinality);
}

/**
 * Restores a fitted model from the JSON its `toJSON()` wrote, whatever its type.
 *
 * @example
 * const again = labelModelFromJSON(JSON.parse(JSON.stringify(model.toJSON())));
 */
export function labelModelFromJSON(json: unknown): LabelModel {
  const type = (json as { type?: unknown } | null)?.type;
  const restore = typeof type === 'string' ? FROM_JSON[type] : undefined;
  if (!restore)
    throw new LabelModelError(`label model JSON has type ${JSON.stringify(type)}: expected one of ${Object.keys(FROM_JSON).join(', ')}`, { field: 'type' });
  return restore(json);
}

/**
 * Reads a model written by `model.save(file)` / `saveLabelModel` (snorkel's `LabelModel.load`), whatever its type;
 * a file that is not a model's JSON is a LabelModelError naming it.
 *
 * @example
 * await model.save('/tmp/lm.json');
 * const again = await loadLabelModel('/tmp/lm.json');
 */
export async function loadLabelModel(file: string): Promise<LabelModel> {
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new LabelModelError(`${file}: not valid JSON (${(err as Error).message})`, { file });
  }
  return labelModelFromJSON(json);
}
