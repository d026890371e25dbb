// Specification of the label-model registry: short names create the right models and any model's JSON restores it.

import { describe, expect, it } from 'vitest';
import { LabelModelError, labelMatrix } from '@skimmer/core';
import { createLabelModel, labelModelFromJSON, LABEL_MODEL_TYPES } from '../src/labelModelRegistry.ts';

describe('createLabelModel', () => {
  it.each([
    ['mv', 'majority-vote'],
    ['majority', 'majority-vote'],
    ['prior', 'class-prior'],
    ['snorkel', 'snorkel'],
    ['ds', 'dawid-skene'],
    ['fs', 'flyingsquid'],
    ['random', 'random'],
    ['ebcc', 'ebcc'],
    ['ds-dev', 'dawid-skene-dev'],
    ['auto', 'auto'],
    ['snorkel-ls', 'prior-shift'],
    ['ds-dev-ls', 'prior-shift'],
  ])("'%s' creates a %s model of the given cardinality", (name, type) => {
    const model = createLabelModel(name, { cardinality: 3 });
    expect([model.type, model.cardinality]).toEqual([type, 3]);
  });

  it('names the accepted types when the name is unknown', () => {
    const create = () => createLabelModel('metal', { cardinality: 2 });
    expect(create).toThrow(LabelModelError);
    expect(create).toThrow(
      'unknown label model "metal": expected one of mv, majority, prior, random, snorkel, ds, fs, ebcc, ds-dev, auto, snorkel-ls, ds-ls, ebcc-ls, ds-dev-ls',
    );
  });

  it('restores every fitted model from its JSON with the same predictions', () => {
    const L = labelMatrix([
      [0, 0, -1, 1],
      [1, -1, 1, 1],
      [-1, 0, 0, 0],
      [1, 1, -1, 1],
      [0, -1, 0, 0],
      [1, 1, 1, -1],
    ]);
    for (const name of LABEL_MODEL_TYPES) {
      const model = createLabelModel(name, { cardinality: 2 });
      model.fit(L, name === 'ds-dev' || name === 'ds-dev-ls' || name === 'auto' ? { Ldev: L, Ydev: [0, 1, 0, 1, 0, 1] } : { nEpochs: 10 });
      const again = labelModelFromJSON(JSON.parse(JSON.stringify(model.toJSON())));
      expect(Array.from(again.predictProba(L).data)).toEqual(Array.from(model.predictProba(L).data));
    }
  });
});
