// Specification of the metrics: hand-computed values and scikit-learn's zero-division behaviour.

import { describe, expect, it } from 'vitest';
import { accuracy, confusionMatrix, coverage, DataError, f1, f1Macro, f1Micro, precision, recall } from '../src/index.ts';

// golds / preds: tp = 3 (rows 0, 1, 2), fp = 1 (row 5), fn = 2 (rows 3, 4), tn = 2 (rows 6, 7)
const GOLDS = [1, 1, 1, 1, 1, 0, 0, 0];
const PREDS = [1, 1, 1, 0, 0, 1, 0, 0];

describe('binary metrics (positive label 1)', () => {
  it('accuracy is correct / all', () => expect(accuracy(GOLDS, PREDS)).toBe(5 / 8));
  it('precision is tp / (tp + fp)', () => expect(precision(GOLDS, PREDS)).toBe(3 / 4));
  it('recall is tp / (tp + fn)', () => expect(recall(GOLDS, PREDS)).toBe(3 / 5));
  it('f1 is 2tp / (2tp + fp + fn)', () => expect(f1(GOLDS, PREDS)).toBe(6 / 9));
  it('precision is 0 when nothing is predicted positive', () => expect(precision([1, 0], [0, 0])).toBe(0));
  it('recall is 0 when no gold label is positive', () => expect(recall([0, 0], [1, 0])).toBe(0));
  it('f1 is 0 when there is no positive at all', () => expect(f1([0, 0], [0, 0])).toBe(0));
  it('refuse a third class, naming the row', () => {
    expect(() => f1([0, 2], [0, 1])).toThrow(DataError);
    expect(() => f1([0, 2], [0, 1])).toThrow(/gold 2 \/ prediction 1 at row 1/);
  });
  it('refuse misaligned inputs', () => expect(() => accuracy([0, 1], [0])).toThrow(/golds has 2 labels but preds has 1/));
});

describe('multi-class F1', () => {
  // label 0: tp 2, fp 0, fn 1 → F1 4/5; label 1: tp 1, fp 1, fn 1 → 1/2; label 2: tp 0, fp 1, fn 0 → 0
  const golds = [0, 0, 0, 1, 1];
  const preds = [0, 0, 1, 1, 2];
  it('micro F1 pools the counts (equals accuracy)', () => expect(f1Micro(golds, preds)).toBe(3 / 5));
  it('macro F1 averages per-label F1 over labels present in golds or preds', () => expect(f1Macro(golds, preds)).toBeCloseTo((4 / 5 + 1 / 2 + 0) / 3, 15));
  it('both are 0 on no rows', () => {
    expect(f1Micro([], [])).toBe(0);
    expect(f1Macro([], [])).toBe(0);
  });
});

describe('coverage and confusion matrix', () => {
  it('coverage is the fraction of non-abstaining predictions', () => expect(coverage([0, -1, 1, -1, 1])).toBe(3 / 5));
  it('confusion matrix rows are gold, columns predicted; out-of-range labels are left out', () => {
    const cm = confusionMatrix([0, 0, 1, 1, 1, -1], [0, 1, 1, 1, 0, 0], 2);
    expect(cm.k).toBe(2);
    expect(Array.from(cm.data)).toEqual([1, 1, 1, 2]);
  });
});
