// Specification of active-learning selection (margin, disagreement, random) and the simulated annotator.

import { describe, expect, it } from 'vitest';
import { ActiveLearningError, SimulatedAnnotator, predictionMargin, selectForTagging, type ProbMatrix } from '../src/index.ts';

function probMatrix(rows: number[][]): ProbMatrix {
  return { n: rows.length, k: rows[0].length, data: Float64Array.from(rows.flat()) };
}

// Classifier probabilities: margins 0.8, 0.1, 0.4, 0.0, 0.6, 0.1.
const classifier = probMatrix([[0.9, 0.1], [0.55, 0.45], [0.3, 0.7], [0.5, 0.5], [0.2, 0.8], [0.45, 0.55]]);
// Label model argmax: 1, 0, 0, 0, 0, 1 → disagrees with the classifier (argmax 0, 0, 1, 0 (tie → first), 1, 1) on rows 0, 2, 4.
const labelModel = probMatrix([[0.2, 0.8], [0.6, 0.4], [0.7, 0.3], [0.9, 0.1], [0.6, 0.4], [0.1, 0.9]]);
const all = [0, 1, 2, 3, 4, 5];

describe('predictionMargin', () => {
  it('is the top probability minus the second one', () => {
    expect(predictionMargin(probMatrix([[0.2, 0.5, 0.3]]), 0)).toBeCloseTo(0.2, 12);
  });
});

describe("selectForTagging('margin')", () => {
  it('picks the smallest margins first, ties by lower row index', () => {
    expect(selectForTagging('margin', { probs: classifier, candidates: all, k: 4 })).toEqual([3, 1, 5, 2]);
  });

  it('only picks candidates', () => {
    expect(selectForTagging('margin', { probs: classifier, candidates: [0, 2, 4], k: 2 })).toEqual([2, 4]);
  });

  it('returns every candidate when k exceeds their number', () => {
    expect(selectForTagging('margin', { probs: classifier, candidates: [4, 0], k: 10 })).toEqual([4, 0]);
  });
});

describe("selectForTagging('disagreement')", () => {
  it('puts rows where label model and classifier disagree first, each group by margin', () => {
    expect(selectForTagging('disagreement', { probs: classifier, labelModelProbs: labelModel, candidates: all, k: 6 })).toEqual([2, 4, 0, 3, 1, 5]);
  });

  it('refuses to run without label-model probabilities', () => {
    expect(() => selectForTagging('disagreement', { probs: classifier, candidates: all, k: 2 })).toThrow(ActiveLearningError);
  });
});

describe("selectForTagging('random')", () => {
  it('draws k distinct candidates, the same ones for the same seed', () => {
    const a = selectForTagging('random', { probs: classifier, candidates: all, k: 3, seed: 7 });
    expect(new Set(a).size).toBe(3);
    expect(a.every((row) => all.includes(row))).toBe(true);
    expect(selectForTagging('random', { probs: classifier, candidates: all, k: 3, seed: 7 })).toEqual(a);
  });
});

describe('selectForTagging input checks', () => {
  it('names a candidate outside the pool', () => {
    expect(() => selectForTagging('margin', { probs: classifier, candidates: [1, 6], k: 1 })).toThrow(/candidate 1 is row 6, outside the pool of 6 rows/);
  });

  it('refuses an unknown strategy', () => {
    expect(() => selectForTagging('entropy' as never, { probs: classifier, candidates: all, k: 1 })).toThrow(/unknown selection strategy 'entropy'/);
  });
});

describe('SimulatedAnnotator', () => {
  it('answers with the hidden gold labels and counts distinct rows revealed', async () => {
    const annotator = new SimulatedAnnotator(Int32Array.from([1, 0, 1, 0]));
    expect(Array.from(await annotator.annotate([2, 1]))).toEqual([1, 0]);
    expect(Array.from(await annotator.annotate([2, 3]))).toEqual([1, 0]);
    expect(annotator.revealed).toBe(3);
  });

  it('refuses a row the gold set does not have', async () => {
    await expect(new SimulatedAnnotator(Int32Array.from([1])).annotate([1])).rejects.toThrow(/row 1, but the gold set has rows 0..0/);
  });
});
