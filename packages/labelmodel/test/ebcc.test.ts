// Specification of EbccLabelModel: synthetic recovery, WRENCH youtube figures, determinism per seed, JSON round trip, bad options.

import { describe, expect, it } from 'vitest';
import { LabelModelError, labelMatrix, datasetPath } from '@skimmer/core';
import { EbccLabelModel, digamma } from '../src/ebcc.ts';
import { generateSimpleLabelMatrix } from '../src/synthetic.ts';
import { readWrenchDir } from '../src/wrenchDataset.ts';

describe('EbccLabelModel', () => {
  it('recovers the labels of snorkel-style synthetic data (n 600, m 8, k 3): accuracy 0.9717 (Dawid-Skene 0.9717, majority vote 0.9567)', () => {
    const { L, Y } = generateSimpleLabelMatrix(600, 8, 3, 0.5, 123);
    const model = new EbccLabelModel({ cardinality: 3 });
    model.fit(L, { seed: 123 });
    expect(model.score(L, Y, ['accuracy'], 'random').accuracy).toBeCloseTo(0.9717, 4);
  });

  it('scores WRENCH youtube test at accuracy 0.776, F1 0.6889 fitted on train without gold (defaults, seed 123)', async () => {
    const { train, test } = await readWrenchDir(datasetPath('wrench-youtube'));
    const model = new EbccLabelModel({ cardinality: 2 });
    model.fit(train.L, { seed: 123 });
    const scores = model.score(test.L, test.labels, ['accuracy', 'f1'], 'random');
    expect(scores.accuracy).toBeCloseTo(0.776, 3);
    expect(scores.f1).toBeCloseTo(0.6889, 4);
  });

  it('gives the same probabilities for the same seed and after a toJSON / fromJSON round trip', () => {
    const { L } = generateSimpleLabelMatrix(300, 5, 2, 1, 7);
    const a = new EbccLabelModel({ cardinality: 2 });
    const b = new EbccLabelModel({ cardinality: 2 });
    a.fit(L, { seed: 5 });
    b.fit(L, { seed: 5 });
    expect(Array.from(b.predictProba(L).data)).toEqual(Array.from(a.predictProba(L).data));
    const again = EbccLabelModel.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(Array.from(again.predictProba(L).data)).toEqual(Array.from(a.predictProba(L).data));
    expect(a.iterations).toBeGreaterThan(0);
  });

  it('refuses bad options and an unfitted predict with LabelModelErrors', () => {
    const L = labelMatrix([[0, 1, -1]]);
    expect(() => new EbccLabelModel().fit(L, { numGroups: 0 })).toThrow('numGroups = 0: expected an integer >= 1');
    expect(() => new EbccLabelModel().fit(L, { aV: -1 })).toThrow(LabelModelError);
    expect(() => new EbccLabelModel().predictProba(L)).toThrow('the EBCC model is not fitted');
  });

  it('computes digamma: ψ(1) = −γ, ψ(0.5) = −γ − 2 ln 2, ψ(10) = 2.251752589066721', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 10);
    expect(digamma(0.5)).toBeCloseTo(-0.5772156649015329 - 2 * Math.LN2, 10);
    expect(digamma(10)).toBeCloseTo(2.251752589066721, 10);
  });
});
