// Metrics from gold × prediction counts equal, to the last bit, splitMetrics of the counted rows expanded in cell order (how they were computed before).

import { describe, expect, test } from 'vitest';
import { ConfusionCounts } from '../src/stages/confusionMatrix.ts';
import { splitMetrics } from '../src/stages/splitMetrics.ts';

/** A small deterministic generator (mulberry32), so the cases are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The rows the counts stand for, cell by cell (gold-major, abstain first), scored row by row: the former `metrics()`. */
function expandedMetrics(counts: ConfusionCounts) {
  const { k } = counts;
  let n = 0;
  for (const c of counts.counts) n += c;
  const gold = new Int32Array(n);
  const preds = new Int32Array(n);
  let at = 0;
  counts.counts.forEach((count, cell) => {
    gold.fill(Math.floor(cell / (k + 1)), at, at + count);
    preds.fill((cell % (k + 1)) - 1, at, at + count);
    at += count;
  });
  return splitMetrics(gold, preds, k);
}

describe('ConfusionCounts.metrics', () => {
  test.each([2, 3, 5])('k = %i: equal to the rows scored one by one, over 200 random splits with abstains and unknown golds', (k) => {
    const next = random(k);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(next() * 300);
      // Some trials favour one class or abstain everything, so empty classes and no votes are covered.
      const abstainRate = trial % 10 === 0 ? 1 : next() * 0.6;
      const classes = trial % 7 === 0 ? 1 : k;
      const gold = Int32Array.from({ length: n }, () => (next() < 0.1 ? -1 : Math.floor(next() * classes)));
      if (!gold.some((g) => g >= 0)) gold[0] = 0;
      const preds = Int32Array.from({ length: n }, () => (next() < abstainRate ? -1 : Math.floor(next() * k)));
      const counts = new ConfusionCounts(k);
      counts.add(gold.subarray(0, n >> 1), preds.subarray(0, n >> 1));
      counts.add(gold.subarray(n >> 1), preds.subarray(n >> 1));
      expect(counts.metrics()).toEqual(expandedMetrics(counts));
      // Row order changes only the order in which per-class F1s are summed.
      const rowByRow = splitMetrics(gold, preds, k);
      expect([counts.metrics().accuracy, counts.metrics().coverage, counts.metrics().n]).toEqual([rowByRow.accuracy, rowByRow.coverage, rowByRow.n]);
      expect(counts.metrics().macroF1).toBeCloseTo(rowByRow.macroF1, 12);
    }
  });

  test('no gold row is the scorer’s error', () => {
    expect(() => new ConfusionCounts(2).metrics()).toThrow('cannot score empty gold labels');
  });
});
