// Specification of label-shift adaptation: the class prior re-estimated by EM on the rows being predicted (Saerens et al. 2002), and the '-ls' models.

import { describe, expect, it } from 'vitest';
import { labelMatrix } from '@skimmer/core';
import type { DawidSkeneLabelModel } from '../src/dawidSkene.ts';
import { PriorShiftLabelModel, adaptClassPrior, modelClassPrior } from '../src/labelShift.ts';
import { createLabelModel, labelModelFromJSON } from '../src/labelModelRegistry.ts';
import { MajorityLabelVoter } from '../src/majorityVote.ts';

describe('adaptClassPrior', () => {
  it('finds the maximum-likelihood prior of two rows with likelihoods (0.9, 0.1) and (0.3, 0.7): 0.8125', () => {
    // d/dπ Σ log(π a_i + (1 − π) b_i) = 0.8 / (0.1 + 0.8π) − 0.4 / (0.7 − 0.4π) = 0 at π = 0.52 / 0.64 = 0.8125;
    // the posteriors under it are 0.9·0.8125 / 0.75 = 0.975 and 0.3·0.8125 / 0.375 = 0.65 (mean 0.8125, the fixed point).
    const uniform = adaptClassPrior({ n: 2, k: 2, data: Float64Array.of(0.9, 0.1, 0.3, 0.7) }, [0.5, 0.5]);
    expect(uniform.prior[0]).toBeCloseTo(0.8125, 6);
    expect(uniform.probs.data[0]).toBeCloseTo(0.975, 6);
    expect(uniform.probs.data[2]).toBeCloseTo(0.65, 6);
    expect(uniform.probs.data[0] + uniform.probs.data[1]).toBeCloseTo(1, 12);
    // The same rows' posteriors under a fitted prior (0.8, 0.2): the adapted result does not depend on it.
    const skewed = adaptClassPrior({ n: 2, k: 2, data: Float64Array.of(0.72 / 0.74, 0.02 / 0.74, 0.24 / 0.38, 0.14 / 0.38) }, [0.8, 0.2]);
    expect(skewed.prior[0]).toBeCloseTo(0.8125, 6);
    expect(skewed.probs.data[2]).toBeCloseTo(0.65, 6);
  });

  it('keeps a class whose fitted prior is 0 at 0 and rejects a prior of the wrong length', () => {
    const { prior, probs } = adaptClassPrior({ n: 1, k: 3, data: Float64Array.of(0.5, 0.5, 0) }, [0.5, 0.5, 0]);
    expect(prior[2]).toBe(0);
    expect(probs.data[2]).toBe(0);
    expect(() => adaptClassPrior({ n: 1, k: 2, data: Float64Array.of(0.5, 0.5) }, [1])).toThrow('trainPrior has 1 entries: expected 2');
  });
});

describe('PriorShiftLabelModel', () => {
  const L = labelMatrix([
    [0, 0, -1],
    [0, -1, 0],
    [1, 1, 1],
    [0, 0, 0],
    [-1, 1, 1],
    [1, 0, 1],
  ]);

  it('predicts the inner model posteriors adapted to the predicted rows, and survives JSON', () => {
    const model = createLabelModel('ds-ls', { cardinality: 2 }) as PriorShiftLabelModel;
    model.fit(L);
    const inner = model.inner as DawidSkeneLabelModel;
    const expected = adaptClassPrior(inner.predictProba(L), inner.toJSON().classBalance);
    expect(Array.from(model.predictProba(L).data)).toEqual(Array.from(expected.probs.data));
    expect(Array.from(model.lastPrior!)).toEqual(Array.from(expected.prior));
    const again = labelModelFromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(again).toBeInstanceOf(PriorShiftLabelModel);
    expect(Array.from(again.predictProba(L).data)).toEqual(Array.from(expected.probs.data));
  });

  it('reads the class prior of Snorkel, Dawid-Skene and EBCC; majority vote has none', () => {
    for (const type of ['snorkel', 'ds', 'ebcc']) {
      const model = createLabelModel(type, { cardinality: 2 });
      model.fit(L, { seed: 1 });
      const prior = modelClassPrior(model)!;
      expect(prior[0] + prior[1]).toBeCloseTo(1, 12);
    }
    const snorkel = createLabelModel('snorkel', { cardinality: 2 });
    snorkel.fit(L, { classBalance: [0.25, 0.75] });
    expect(Array.from(modelClassPrior(snorkel)!)).toEqual([0.25, 0.75]);
    const mv = new PriorShiftLabelModel({ inner: new MajorityLabelVoter({ cardinality: 2 }) });
    expect(() => mv.fit(L)).toThrow('label shift: model type majority-vote has no class prior to adapt');
  });
});
