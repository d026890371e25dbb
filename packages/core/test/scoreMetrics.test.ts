// Specification of scoreMetrics: Snorkel Scorer's filtering of unknown golds and abstaining predictions.

import { describe, expect, it } from 'vitest';
import { ConfigError, DataError, METRIC_NAMES, scoreMetrics } from '../src/index.ts';

//            row:  0  1   2  3  4  5   6
const GOLDS = [1, 0, -1, 1, 0, 1, 1];
const PREDS = [1, 0, 1, -1, 1, 1, 0];
// kept for every metric but coverage: rows 0, 1, 4, 5, 6 → golds [1, 0, 0, 1, 1], preds [1, 0, 1, 1, 0]
// tp 2, fp 1, fn 1, correct 3 of 5

describe('scoreMetrics', () => {
  it('drops unknown golds and abstaining predictions before scoring', () => {
    expect(scoreMetrics(GOLDS, PREDS, ['accuracy', 'precision', 'recall', 'f1', 'f1_micro'])).toEqual({
      accuracy: 3 / 5,
      precision: 2 / 3,
      recall: 2 / 3,
      f1: 4 / 6,
      f1_micro: 3 / 5,
    });
  });
  it('keeps abstaining predictions for coverage (rows with unknown gold still dropped)', () => {
    expect(scoreMetrics(GOLDS, PREDS, ['coverage'])).toEqual({ coverage: 5 / 6 });
  });
  it('f1_macro averages F1 of each label present', () => {
    // label 1: tp 2, fp 1, fn 1 → 2/3; label 0: tp 1, fp 1, fn 1 → 1/2
    expect(scoreMetrics(GOLDS, PREDS, ['f1_macro']).f1_macro).toBeCloseTo((2 / 3 + 1 / 2) / 2, 15);
  });
  it("knows exactly Snorkel's metric names, plus log_loss", () => {
    expect([...METRIC_NAMES]).toEqual([
      'accuracy',
      'precision',
      'recall',
      'f1',
      'f1_micro',
      'f1_macro',
      'coverage',
      'fbeta',
      'matthews_corrcoef',
      'roc_auc',
      'log_loss',
    ]);
  });
  it('refuses an unknown metric, naming its position', () => {
    expect(() => scoreMetrics(GOLDS, PREDS, ['accuracy', 'auc'])).toThrow(ConfigError);
    expect(() => scoreMetrics(GOLDS, PREDS, ['accuracy', 'auc'])).toThrow(/metrics\[1\]: unknown metric "auc"/);
  });
  it('refuses empty gold labels', () => expect(() => scoreMetrics([], [], ['accuracy'])).toThrow(DataError));
  it('refuses probabilities with the wrong number of rows', () => {
    expect(() => scoreMetrics([0, 1], [0, 1], ['accuracy'], { probs: { n: 1, k: 2, data: new Float64Array(2) } })).toThrow(/probs has 1 rows/);
  });
});
