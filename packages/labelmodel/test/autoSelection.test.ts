// Specification of auto's selection rules on hand-made dev predictions: a lead within the bootstrap noise keeps the default (or the simplest), a clear one does not.

import { describe, expect, it } from 'vitest';
import { selectCandidate } from '../src/autoSelection.ts';

/** 200 dev rows, gold 0/1 alternating; a candidate right on the first `right` rows and wrong on the others. */
const Ydev = Array.from({ length: 200 }, (_, i) => i % 2);
const rightOn = (right: number) => Ydev.map((y, i) => (i < right ? y : 1 - y));
/** A candidate wrong on rows from .. to - 1 only. */
const wrongOn = (from: number, to: number) => Ydev.map((y, i) => (i >= from && i < to ? 1 - y : y));

describe('selectCandidate', () => {
  const preds = [rightOn(140), rightOn(142), rightOn(180)];

  it("'best' takes the highest dev score; ties keep the earlier candidate", () => {
    expect(selectCandidate({ preds, Ydev, metric: 'accuracy', rule: 'best' })).toMatchObject({ chosen: 2, best: 2, scores: [0.7, 0.71, 0.9] });
    expect(selectCandidate({ preds: [preds[0], preds[0]], Ydev, metric: 'accuracy', rule: 'best' }).chosen).toBe(0);
  });

  it("'vs-default' keeps the default against a 1-row lead and gives way to a 40-row one", () => {
    expect(selectCandidate({ preds: preds.slice(0, 2), Ydev, metric: 'accuracy', rule: 'vs-default', defaultIndex: 0 })).toMatchObject({ chosen: 0, best: 1 });
    expect(selectCandidate({ preds, Ydev, metric: 'accuracy', rule: 'vs-default', defaultIndex: 0 })).toMatchObject({ chosen: 2, best: 2 });
  });

  it("'one-se' takes the first candidate within one paired standard error of the best", () => {
    // Candidate 0 is wrong on 24 rows, the best on 20 others: a 0.02 lead, but the two disagree on 44 rows.
    const close = [wrongOn(0, 24), rightOn(140), wrongOn(100, 120)];
    const result = selectCandidate({ preds: close, Ydev, metric: 'accuracy', rule: 'one-se' });
    expect(result).toMatchObject({ chosen: 0, best: 2, scores: [0.88, 0.7, 0.9] });
    expect(result.standardErrors[0]).toBeGreaterThan(0.02);
    // Right wherever candidate 0 is, and on 4 rows more: the same 0.02 lead is beyond one standard error.
    expect(selectCandidate({ preds: [rightOn(176), rightOn(180)], Ydev, metric: 'accuracy', rule: 'one-se' }).chosen).toBe(1);
    expect(result.standardErrors[2]).toBe(0);
    expect(selectCandidate({ preds, Ydev, metric: 'accuracy', rule: 'one-se' }).chosen).toBe(2);
  });

  it('skips candidates that may not be chosen (null) and is reproducible for a seed', () => {
    const withNull = [null, preds[0], preds[1]];
    const a = selectCandidate({ preds: withNull, Ydev, metric: 'accuracy', rule: 'vs-default', defaultIndex: 0, seed: 7 });
    expect(a).toMatchObject({ chosen: 2, best: 2 }); // the default is unusable: the best
    expect(a.scores[0]).toBeNull();
    expect(selectCandidate({ preds: withNull, Ydev, metric: 'accuracy', rule: 'one-se', seed: 7 })).toEqual(
      selectCandidate({ preds: withNull, Ydev, metric: 'accuracy', rule: 'one-se', seed: 7 }),
    );
    expect(() => selectCandidate({ preds: [null], Ydev, metric: 'accuracy', rule: 'best' })).toThrow('auto: no candidate may be chosen');
  });
});

describe("selectCandidate 'vs-baselines'", () => {
  // Majority vote (baseline) right on 170 rows, the default on 140.
  const mv = rightOn(170);
  const snorkel = rightOn(140);

  it('takes a candidate only when it beats the default and majority vote in 95% of the resamples', () => {
    const input = { Ydev, metric: 'accuracy', rule: 'vs-baselines' as const, defaultIndex: 1, baselineIndices: [0] };
    // 195 right rows: beats both.
    expect(selectCandidate({ ...input, preds: [mv, snorkel, rightOn(195)] })).toMatchObject({ chosen: 2, best: 2 });
    // 172: beats the default clearly but majority vote on 2 rows only (present in ~87% of resamples): majority vote,
    // which itself beats the default by 30 rows.
    expect(selectCandidate({ ...input, preds: [mv, snorkel, rightOn(172)] })).toMatchObject({ chosen: 0, best: 2 });
    // 'vs-default' on the same predictions takes the 172-row candidate.
    expect(selectCandidate({ ...input, rule: 'vs-default', preds: [mv, snorkel, rightOn(172)] }).chosen).toBe(2);
    // Neither baseline beaten and majority vote 1 row ahead of the default only: the default.
    expect(selectCandidate({ ...input, preds: [rightOn(141), snorkel, rightOn(142)] }).chosen).toBe(1);
  });
});
