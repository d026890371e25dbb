// Specification of FlyingSquidLabelModel: closed-form triplet accuracies on synthetic and WRENCH data, binary and one-vs-rest.

import { describe, expect, it } from 'vitest';
import { labelMatrix, datasetPath } from '@skimmer/core';
import { FlyingSquidLabelModel } from '../src/flyingSquid.ts';
import { generateSimpleLabelMatrix } from '../src/synthetic.ts';
import { readWrenchDir } from '../src/wrenchDataset.ts';
import { optionalDataset } from '../../../test-support/optionalData.ts';

describe('FlyingSquidLabelModel', () => {
  it('scores 0.788 on WRENCH youtube test fitted on train without gold (WRENCH reports 0.764)', async () => {
    const { train, test } = await readWrenchDir(datasetPath('wrench-youtube'));
    const fs = new FlyingSquidLabelModel({ cardinality: 2 });
    fs.fit(train.L);
    const { accuracy } = fs.score(test.L, test.labels, ['accuracy'], 'random');
    expect(accuracy).toBeGreaterThanOrEqual(0.7);
    expect(accuracy).toBeCloseTo(0.788, 3);
  });

  it('recovers E[λY] of never-abstaining LFs on snorkel-style synthetic data within 0.03', () => {
    const { P, Y, L } = generateSimpleLabelMatrix(20_000, 6, 2, 0, 123);
    const fs = new FlyingSquidLabelModel({ cardinality: 2 });
    fs.fit(L);
    // With no abstains and balanced Y, E[λ_jY] = Σ_y 0.5·(P(λ_j = y | y) − P(λ_j ≠ y | y)).
    const truth = P.map((table) => 0.5 * (table[1][0] - table[2][0]) + 0.5 * (table[2][1] - table[1][1]));
    Array.from(fs.getAccuracies()).forEach((acc, j) => expect(Math.abs(acc - truth[j])).toBeLessThan(0.03));
    expect(fs.score(L, Y, ['accuracy']).accuracy).toBeGreaterThan(0.9);
  });

  // WRENCH trec states no licence: it is not in datasets/, only in the optional $SKIMMER_EXTRA_DATA folder.
  const trec = optionalDataset('wrench-trec', 'labelmodel FlyingSquid one-vs-rest on WRENCH trec');
  if (trec)
    it('fits one binary model per class for k > 2: WRENCH trec test accuracy 0.618', async () => {
      const { train, test, cardinality } = await readWrenchDir(trec);
      const fs = new FlyingSquidLabelModel({ cardinality });
      fs.fit(train.L);
      expect(fs.getAccuracies().length).toBe(cardinality * train.L.m);
      expect(fs.score(test.L, test.labels, ['accuracy'], 'random').accuracy).toBeCloseTo(0.618, 3);
    });

  it('gives the same probabilities after a toJSON / fromJSON round trip', async () => {
    const { train, test } = await readWrenchDir(datasetPath('wrench-youtube'));
    const fs = new FlyingSquidLabelModel({ cardinality: 2 });
    fs.fit(train.L);
    const again = FlyingSquidLabelModel.fromJSON(JSON.parse(JSON.stringify(fs.toJSON())));
    expect(Array.from(again.predictProba(test.L).data)).toEqual(Array.from(fs.predictProba(test.L).data));
  });

  it('needs at least 3 LFs', () => {
    expect(() => new FlyingSquidLabelModel().fit(labelMatrix([[0, 1]]))).toThrow('the triplet method needs at least 3');
  });
});
