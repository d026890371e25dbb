// Specification of lfAnalysis: the values Snorkel's LFAnalysis docstrings and test_analysis.py assert.

import { describe, expect, it } from 'vitest';
import { DataError, labelMatrix, lfAnalysis } from '../src/index.ts';

/** The matrix of Snorkel's LFAnalysis docstring examples. */
const L_DOC = labelMatrix([
  [-1, 0, 0],
  [-1, -1, -1],
  [1, 0, -1],
  [-1, 0, -1],
  [0, 0, 0],
]);

/** The matrix and gold labels of snorkel/test/labeling/test_analysis.py. */
const L_TEST = labelMatrix([
  [-1, -1, 0, -1, -1, 0],
  [-1, -1, -1, 2, -1, -1],
  [2, -1, -1, -1, -1, 0],
  [1, -1, 2, -1, 0, 0],
  [-1, -1, -1, -1, -1, -1],
  [1, -1, 0, 2, 1, 0],
]);
const Y_TEST = [0, 1, 2, 0, 1, 2];

const close = (actual: ArrayLike<number>, expected: number[]) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, 12));
};

describe('lfAnalysis on the docstring matrix', () => {
  const lfa = lfAnalysis(L_DOC);

  it('label coverage is the fraction of rows with a vote', () => expect(lfa.labelCoverage()).toBe(0.8));
  it('label overlap is the fraction of rows with two votes', () => expect(lfa.labelOverlap()).toBe(0.6));
  it('label conflict is the fraction of rows with differing votes', () => expect(lfa.labelConflict()).toBe(0.2));
  it('polarities list the distinct labels per LF', () => expect(lfa.lfPolarities()).toEqual([[0, 1], [0], [0]]));
  it('lf coverages', () => close(lfa.lfCoverages(), [0.4, 0.8, 0.4]));
  it('lf overlaps, raw and normalised by coverage', () => {
    close(lfa.lfOverlaps(), [0.4, 0.6, 0.4]);
    close(lfa.lfOverlaps(true), [1, 0.75, 1]);
  });
  it('lf conflicts, raw and normalised by overlaps', () => {
    close(lfa.lfConflicts(), [0.2, 0.2, 0]);
    close(lfa.lfConflicts(true), [0.5, 1 / 3, 0]);
  });
});

describe('lfAnalysis on snorkel test_analysis.py', () => {
  const lfa = lfAnalysis(L_TEST);

  it('label coverage / overlap / conflict', () => {
    expect(lfa.labelCoverage()).toBe(5 / 6);
    expect(lfa.labelOverlap()).toBe(4 / 6);
    expect(lfa.labelConflict()).toBe(3 / 6);
  });
  it('polarities, with an empty list for an LF that never votes', () => {
    expect(lfa.lfPolarities()).toEqual([[1, 2], [], [0, 2], [2], [0, 1], [0]]);
  });
  it('coverages', () => close(lfa.lfCoverages(), [3 / 6, 0, 3 / 6, 2 / 6, 2 / 6, 4 / 6]));
  it('overlaps, normalised ones 0 where the LF never votes', () => {
    close(lfa.lfOverlaps(false), [3 / 6, 0, 3 / 6, 1 / 6, 2 / 6, 4 / 6]);
    close(lfa.lfOverlaps(true), [1, 0, 1, 1 / 2, 1, 1]);
  });
  it('conflicts', () => {
    close(lfa.lfConflicts(false), [3 / 6, 0, 2 / 6, 1 / 6, 2 / 6, 3 / 6]);
    close(lfa.lfConflicts(true), [1, 0, 2 / 3, 1, 1, 3 / 4]);
  });
  it('empirical accuracies, 0 for an LF that never votes', () => {
    close(lfa.lfEmpiricalAccuracies(Y_TEST), [1 / 3, 0, 1 / 3, 1 / 2, 1 / 2, 2 / 4]);
  });
  it('empirical conditional probability tables P(λ_j = l | Y = y), abstain first', () => {
    const expected = [
      [
        [1 / 2, 1, 0],
        [0, 0, 0],
        [1 / 2, 0, 1 / 2],
        [0, 0, 1 / 2],
      ],
      [
        [1, 1, 1],
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ],
      [
        [0, 1, 1 / 2],
        [1 / 2, 0, 1 / 2],
        [0, 0, 0],
        [1 / 2, 0, 0],
      ],
      [
        [1, 1 / 2, 1 / 2],
        [0, 0, 0],
        [0, 0, 0],
        [0, 1 / 2, 1 / 2],
      ],
      [
        [1 / 2, 1, 1 / 2],
        [1 / 2, 0, 0],
        [0, 0, 1 / 2],
        [0, 0, 0],
      ],
      [
        [0, 1, 0],
        [1, 0, 1],
        [0, 0, 0],
        [0, 0, 0],
      ],
    ];
    const P = lfa.lfEmpiricalProbs(Y_TEST, 3);
    expect([P.m, P.k]).toEqual([6, 3]);
    close(P.data, expected.flat(2));
  });
  it('empirical probabilities are NaN for a class no gold label has', () => {
    const P = lfa.lfEmpiricalProbs(Y_TEST, 4);
    expect(P.data[0 * 5 * 4 + 0 * 4 + 3]).toBeNaN();
  });
  it('summary without gold labels', () => {
    const rows = lfa.lfSummary();
    expect(rows.map((r) => r.name)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(rows[3]).toEqual({ j: 3, name: '3', polarity: [2], coverage: 2 / 6, overlaps: 1 / 6, conflicts: 1 / 6 });
  });
  it('summary with gold labels, names and learned weights', () => {
    const rows = lfAnalysis(L_TEST, ['a', 'b', 'c', 'd', 'e', 'f']).lfSummary(Y_TEST, [1, 0, 1, 1, 1, 0.5]);
    expect(rows.map((r) => r.name)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(rows.map((r) => r.correct)).toEqual([1, 0, 1, 1, 1, 2]);
    expect(rows.map((r) => r.incorrect)).toEqual([2, 0, 2, 1, 1, 2]);
    close(
      rows.map((r) => r.empiricalAccuracy!),
      [1 / 3, 0, 1 / 3, 1 / 2, 1 / 2, 2 / 4],
    );
    expect(rows.map((r) => r.learnedWeight)).toEqual([1, 0, 1, 1, 1, 0.5]);
  });
});

describe('lfAnalysis edge cases', () => {
  it('rows with unknown gold (-1) count as neither correct nor incorrect', () => {
    const rows = lfAnalysis(labelMatrix([[1], [0], [1]])).lfSummary([1, -1, 0]);
    expect([rows[0].correct, rows[0].incorrect]).toEqual([1, 1]);
  });
  it('an empty matrix has zero coverage everywhere', () => {
    const lfa = lfAnalysis({ n: 0, m: 2, data: new Int32Array(0) });
    expect(lfa.labelCoverage()).toBe(0);
    expect(Array.from(lfa.lfCoverages())).toEqual([0, 0]);
  });
  it('refuses LF names that do not match the columns', () => {
    expect(() => lfAnalysis(L_DOC, ['a', 'b'])).toThrow(DataError);
    expect(() => lfAnalysis(L_DOC, ['a', 'b'])).toThrow(/number of LF names \(2\) differs .* \(3\)/);
  });
  it('refuses gold labels of the wrong length', () => {
    expect(() => lfAnalysis(L_DOC).lfEmpiricalAccuracies([0, 1])).toThrow(/Y have 2 entries, expected one per row of L \(5\)/);
  });
});
