// Specification of Dawid-Skene started from gold dev labels (DevDawidSkeneLabelModel and DawidSkeneLabelModel's Ldev / Ydev).

import { describe, expect, it } from 'vitest';
import { labelMatrix, datasetPath } from '@skimmer/core';
import { DawidSkeneLabelModel, DevDawidSkeneLabelModel } from '../src/dawidSkene.ts';
import { labelModelFromJSON } from '../src/labelModelRegistry.ts';
import { readWrenchDir } from '../src/wrenchDataset.ts';

describe('DevDawidSkeneLabelModel', () => {
  it('scores WRENCH youtube test at F1 0.7961 (dev weight 1) and 0.8766 (dev weight 100), fitted on train + valid gold', async () => {
    const { train, valid, test } = await readWrenchDir(datasetPath('wrench-youtube'));
    const f1 = (devWeight: number) => {
      const model = new DevDawidSkeneLabelModel({ cardinality: 2 });
      model.fit(train.L, { Ldev: valid!.L, Ydev: valid!.labels, devWeight });
      return model.score(test.L, test.labels, ['f1'], 'random').f1;
    };
    expect(f1(1)).toBeCloseTo(0.7961, 4);
    expect(f1(100)).toBeCloseTo(0.8766, 4);
  });

  it('starts from the dev counts: one EM step on L reproduces the Laplace-smoothed dev confusion matrices where L adds nothing', () => {
    // LF 0 votes its class on every dev row; L is one all-abstain row, so EM can only add that row's abstains.
    const Ldev = labelMatrix([
      [0, -1, 1],
      [1, 1, -1],
      [0, 0, 0],
      [1, -1, 1],
    ]);
    const model = new DevDawidSkeneLabelModel({ cardinality: 2 });
    model.fit(labelMatrix([[-1, -1, -1]]), { Ldev, Ydev: [0, 1, 0, 1], maxIter: 1 });
    const [lf0] = model.getConfusionMatrices();
    // Under the dev start the L row is class 0 with posterior .2·.4·.2 / (.2·.4·.2 + .2·.4·.4) = 1/3, so LF 0's class-0
    // row is (abstain 1/3 + 1, vote 0: 2 + 1, vote 1: 0 + 1) / (5 + 1/3) = [0.25, 0.5625, 0.1875].
    expect(lf0[0][0]).toBeCloseTo(0.25, 12);
    expect(lf0[0][1]).toBeCloseTo(0.5625, 12);
    expect(lf0[0][2]).toBeCloseTo(0.1875, 12);
    expect(model.toJSON().type).toBe('dawid-skene-dev');
    expect(labelModelFromJSON(JSON.parse(JSON.stringify(model.toJSON())))).toBeInstanceOf(DevDawidSkeneLabelModel);
  });

  it('needs Ldev and Ydev, of the same length, with labels in range', () => {
    const L = labelMatrix([[0, 1, -1]]);
    expect(() => new DevDawidSkeneLabelModel().fit(L)).toThrow('needs gold dev rows: fit(L, { Ldev, Ydev })');
    expect(() => new DawidSkeneLabelModel().fit(L, { Ldev: L })).toThrow('Ldev and Ydev go together');
    expect(() => new DawidSkeneLabelModel().fit(L, { Ldev: L, Ydev: [0, 1] })).toThrow('Ydev has 2 labels, Ldev has 1 rows');
    expect(() => new DawidSkeneLabelModel().fit(L, { Ldev: L, Ydev: [2] })).toThrow('Ydev[0] = 2: expected -1 (unlabelled) or a label 0..1');
    expect(() => new DawidSkeneLabelModel().fit(L, { Ldev: L, Ydev: [-1] })).toThrow('Ydev has no gold labels');
  });
});
