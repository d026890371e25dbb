import { describe, expect, it } from 'vitest';
import { ClassifierError } from '@skimmer/core';
import { blendWithLabelModel, confidenceWeightedTargets, predictAtThreshold, pseudoLabelTargets } from '../src/endModel.ts';
import { LinearClassifier } from '../src/linearClassifier.ts';

const P = (...rows: number[][]) => ({ n: rows.length, k: rows[0].length, data: Float64Array.from(rows.flat()) });

describe('blendWithLabelModel', () => {
  it('mixes the two where an LF voted and keeps the classifier where none did', () => {
    const out = blendWithLabelModel(P([0.2, 0.8], [0.9, 0.1]), P([0.6, 0.4], [0.5, 0.5]), 0.25, [true, false]);
    [0.5, 0.5, 0.9, 0.1].forEach((x, i) => expect(out.data[i]).toBeCloseTo(x, 12));
  });

  it('refuses matrices of different shapes and an alpha outside [0, 1]', () => {
    expect(() => blendWithLabelModel(P([0.2, 0.8]), P([0.2, 0.8], [0.5, 0.5]), 0.5, [true])).toThrow(ClassifierError);
    expect(() => blendWithLabelModel(P([0.2, 0.8]), P([0.2, 0.8]), 1.5, [true])).toThrow(/alpha must be in \[0, 1\]/);
  });
});

describe('predictAtThreshold', () => {
  it('predicts class 1 from the threshold up', () => {
    expect(Array.from(predictAtThreshold(P([0.7, 0.3], [0.6, 0.4], [0.2, 0.8]), 0.4))).toEqual([0, 1, 1]);
  });

  it('needs two classes', () => {
    expect(() => predictAtThreshold(P([0.2, 0.3, 0.5]), 0.5)).toThrow(/expected 2 classes/);
  });
});

describe('pseudoLabelTargets', () => {
  it('takes the classifier’s confident predictions as one-hot labels and the label model’s elsewhere', () => {
    const { targets, replaced } = pseudoLabelTargets(P([0.05, 0.95], [0.4, 0.6]), P([0.5, 0.5], [0.3, 0.7]), 0.9);
    expect(Array.from(targets.data)).toEqual([0, 1, 0.3, 0.7]);
    expect(replaced).toBe(1);
  });
});

describe('confidenceWeightedTargets', () => {
  it('gives one-hot targets weighted by the margin above chance', () => {
    const { targets, weights } = confidenceWeightedTargets(P([0.1, 0.9], [0.5, 0.5]));
    expect(Array.from(targets.data)).toEqual([0, 1, 1, 0]);
    expect(weights[0]).toBeCloseTo(0.8, 12);
    expect(weights[1]).toBe(0);
  });
});

describe('LinearClassifier sample weights', () => {
  const texts = ['flood water rising', 'pizza tonight', 'flood relief', 'pizza party'];
  const labels = P([0, 1], [1, 0], [1, 0], [1, 0]);

  it('a row of weight 0 teaches nothing (the same model as with a weight of 1e-9), the others still do', async () => {
    const weighted = new LinearClassifier({ classNames: ['off', 'on'], epochs: 2 });
    await weighted.fit(texts, labels, { seed: 3, sampleWeights: [1, 1, 0, 1] });
    const P1 = await weighted.predictProba(['flood relief']);
    const dropped = new LinearClassifier({ classNames: ['off', 'on'], epochs: 2 });
    await dropped.fit(texts, labels, { seed: 3, sampleWeights: [1, 1, 1e-9, 1] });
    expect(P1.data[1]).toBeGreaterThan(0.5);
    expect(P1.data[1]).toBeCloseTo((await dropped.predictProba(['flood relief'])).data[1], 4);
  });

  it('keyword-swapped copies inherit their original’s weight', async () => {
    const clf = new LinearClassifier({ classNames: ['off', 'on'], epochs: 2, augment: { swapGroups: [['flood', 'tornado']], copies: 1 } });
    const report = await clf.fit(texts, labels, { seed: 3, sampleWeights: [1, 1, 0, 1] });
    expect(report.trainRows).toBe(6);
    expect((await clf.predictProba(['tornado water'])).data[1]).toBeGreaterThan(0.5);
  });

  it('rejects weights of the wrong length or below 0', async () => {
    const clf = new LinearClassifier({ classNames: ['off', 'on'] });
    await expect(clf.fit(texts, labels, { sampleWeights: [1, 1] })).rejects.toThrow(/expected 4 weights ≥ 0/);
    await expect(clf.fit(texts, labels, { sampleWeights: [1, 1, -1, 1] })).rejects.toThrow(ClassifierError);
  });
});
