// Specification of DawidSkeneLabelModel: WRENCH's EM reaches the published Dawid-Skene accuracy on youtube and is reproducible.

import { describe, expect, it } from 'vitest';
import { labelMatrix, datasetPath } from '@skimmer/core';
import { DawidSkeneLabelModel } from '../src/dawidSkene.ts';
import { readWrenchDir } from '../src/wrenchDataset.ts';

describe('DawidSkeneLabelModel', () => {
  it('scores 0.832 on WRENCH youtube test fitted on train without gold (WRENCH reports 0.832)', async () => {
    const { train, test } = await readWrenchDir(datasetPath('wrench-youtube'));
    const ds = new DawidSkeneLabelModel({ cardinality: 2 });
    ds.fit(train.L);
    const { accuracy } = ds.score(test.L, test.labels, ['accuracy'], 'random');
    expect(accuracy).toBeGreaterThanOrEqual(0.8);
    expect(accuracy).toBeCloseTo(0.832, 3);
    expect(ds.iterations).toBe(91);
  });

  it('learns that an LF agreeing with the majority is accurate and one voting at random is not', () => {
    const rows: number[][] = [];
    for (let i = 0; i < 200; i++) {
      const y = i % 2;
      rows.push([y, y, i % 10 === 0 ? 1 - y : y, i % 3 === 0 ? 0 : 1]);
    }
    const ds = new DawidSkeneLabelModel({ cardinality: 2 });
    ds.fit(labelMatrix(rows));
    const confusion = ds.getConfusionMatrices();
    expect(confusion[0][1][2]).toBeGreaterThan(0.99); // P(λ_0 = 1 | y = 1)
    expect(confusion[3][1][2]).toBeCloseTo(confusion[3][0][2], 1); // λ_3 ignores y
  });

  it('gives the same probabilities after a toJSON / fromJSON round trip', async () => {
    const { train, test } = await readWrenchDir(datasetPath('wrench-youtube'));
    const ds = new DawidSkeneLabelModel({ cardinality: 2 });
    ds.fit(train.L, { maxIter: 20 });
    const again = DawidSkeneLabelModel.fromJSON(JSON.parse(JSON.stringify(ds.toJSON())));
    expect(Array.from(again.predictProba(test.L).data)).toEqual(Array.from(ds.predictProba(test.L).data));
  });

  it('refuses a label matrix with a different number of LFs than it was fitted on', () => {
    const ds = new DawidSkeneLabelModel({ cardinality: 2 });
    ds.fit(labelMatrix([[0, 1, 0]]));
    expect(() => ds.predictProba(labelMatrix([[0, 1]]))).toThrow('label matrix has 2 LFs, the model was fitted on 3');
  });

  it('refuses a maxIter that is not a positive integer', () => {
    expect(() => new DawidSkeneLabelModel().fit(labelMatrix([[0, 1, 0]]), { maxIter: 0 })).toThrow('maxIter = 0: expected an integer >= 1');
  });
});
