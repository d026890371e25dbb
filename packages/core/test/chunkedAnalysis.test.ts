// The chunked building blocks of a streaming run: LF summary, tie-broken predictions and id repeats equal their whole-data forms.

import { describe, expect, test } from 'vitest';
import { IdRepeatCounter, LFSummaryAccumulator, labelMatrixFromData, lfAnalysis, probsToPreds, probsToPredsAt } from '../src/index.ts';
import type { LabelMatrix } from '../src/index.ts';

/** A seeded n × m label matrix with votes in -1..k-1 and gold in -1..k-1. */
function randomData(n: number, m: number, k: number, seed: number): { L: LabelMatrix; gold: Int32Array } {
  let s = seed;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) % 1000) / 1000;
  const data = Int32Array.from({ length: n * m }, () => (next() < 0.6 ? -1 : Math.floor(next() * k)));
  const gold = Int32Array.from({ length: n }, () => Math.floor(next() * (k + 1)) - 1);
  return { L: labelMatrixFromData(data, n, m), gold };
}

function rows(L: LabelMatrix, start: number, end: number): LabelMatrix {
  return labelMatrixFromData(L.data.slice(start * L.m, end * L.m), end - start, L.m);
}

describe('LFSummaryAccumulator', () => {
  const names = ['a', 'b', 'c', 'd'];
  const { L, gold } = randomData(1000, 4, 3, 7);

  test('chunks of any size give exactly the whole-matrix summary, with and without gold', () => {
    const whole = lfAnalysis(L, names);
    for (const size of [1, 37, 1000]) {
      const acc = new LFSummaryAccumulator(names);
      const noGold = new LFSummaryAccumulator(names);
      for (let start = 0; start < L.n; start += size) {
        const end = Math.min(L.n, start + size);
        acc.add(rows(L, start, end), gold.subarray(start, end));
        noGold.add(rows(L, start, end));
      }
      expect(acc.lfSummary(true)).toEqual(whole.lfSummary(gold));
      expect(noGold.lfSummary()).toEqual(whole.lfSummary());
      expect([acc.labelCoverage(), acc.labelOverlap(), acc.labelConflict()]).toEqual([whole.labelCoverage(), whole.labelOverlap(), whole.labelConflict()]);
    }
  });

  test('merged accumulators equal one that saw every row', () => {
    const left = new LFSummaryAccumulator(names).add(rows(L, 0, 400), gold.subarray(0, 400));
    const right = new LFSummaryAccumulator(names).add(rows(L, 400, 1000), gold.subarray(400, 1000));
    expect(left.merge(right).lfSummary(true)).toEqual(lfAnalysis(L, names).lfSummary(gold));
    expect(left.goldRows).toBe(Array.from(gold).filter((y) => y >= 0).length);
  });

  test('counts() through JSON and fromCounts(), merged, equal one accumulator that saw every row', () => {
    const whole = lfAnalysis(L, names);
    const merged = new LFSummaryAccumulator(names);
    for (const [start, end] of [
      [0, 1],
      [1, 333],
      [333, 1000],
    ]) {
      const counts = new LFSummaryAccumulator(names).add(rows(L, start, end)).counts();
      merged.merge(LFSummaryAccumulator.fromCounts(names, JSON.parse(JSON.stringify(counts))));
    }
    expect(merged.n).toBe(1000);
    expect(merged.lfSummary()).toEqual(whole.lfSummary());
    expect([merged.labelCoverage(), merged.labelOverlap(), merged.labelConflict()]).toEqual([
      whole.labelCoverage(),
      whole.labelOverlap(),
      whole.labelConflict(),
    ]);
    expect(merged.counts()).toEqual(new LFSummaryAccumulator(names).add(L).counts());
    expect(() => LFSummaryAccumulator.fromCounts(['a'], merged.counts())).toThrow('LF summary counts have 4 votes for 1 LFs');
  });
});

describe('probsToPredsAt', () => {
  test("a chunk's predictions equal the matching rows of the whole matrix's, ties included", () => {
    const n = 500;
    const data = Float64Array.from({ length: n * 2 }, (_, t) => (Math.floor(t / 2) % 3 === 0 ? 0.5 : t % 2 === 0 ? 0.3 : 0.7));
    const whole = probsToPreds({ n, k: 2, data }, 'random');
    const chunk = probsToPredsAt({ n: 100, k: 2, data: data.subarray(300 * 2, 400 * 2) }, 'random', 300);
    expect(chunk).toEqual(whole.subarray(300, 400));
    expect(new Set(chunk).size).toBe(2);
  });
});

describe('IdRepeatCounter', () => {
  test('counts repeats like a Map of seen ids, through table growth', () => {
    const counter = new IdRepeatCounter();
    const seen = new Map<string, number>();
    const got: number[] = [];
    const want: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const id = `id-${i % 15_000}`;
      got.push(counter.count(id));
      seen.set(id, (seen.get(id) ?? 0) + 1);
      want.push(seen.get(id)!);
    }
    expect(got).toEqual(want);
    expect(counter.distinct).toBe(15_000);
  });
});

describe('IdRepeatCounter sized to the expected ids', () => {
  test('counts repeats like a Map when the estimate is short, and its table grows with the ids, not in powers of two', () => {
    const counter = new IdRepeatCounter(10_000);
    const seen = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      const id = `row-${(i * 7919) % 45_000}`;
      seen.set(id, (seen.get(id) ?? 0) + 1);
      expect(counter.count(id)).toBe(seen.get(id));
    }
    expect(counter.distinct).toBe(45_000);
    expect(new IdRepeatCounter(1_000_000).bytes).toBeLessThan(10 * 1_000_000);
    expect(new IdRepeatCounter(3_000_000).bytes / new IdRepeatCounter(1_000_000).bytes).toBeCloseTo(3, 2);
  });
});
