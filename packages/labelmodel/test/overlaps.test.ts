// Specification of OverlapStats: sparse, mergeable co-vote counts that give snorkel's O = L_indᵀ L_ind / n.

import { describe, expect, it } from 'vitest';
import { LabelModelError, labelMatrix } from '@skimmer/core';
import { OverlapStats } from '../src/overlaps.ts';
import { generateSimpleLabelMatrix } from '../src/synthetic.ts';

describe('OverlapStats', () => {
  it('gives snorkel test_generate_O matrix for L = [[0,1,0],[0,1,0],[1,0,0],[0,1,1]]', () => {
    const stats = new OverlapStats(3, 2).add(
      labelMatrix([
        [0, 1, 0],
        [0, 1, 0],
        [1, 0, 0],
        [0, 1, 1],
      ]),
    );
    const q = 1 / 4;
    // prettier-ignore
    expect(Array.from(stats.toMatrix())).toEqual([
      3 * q,
      0,
      0,
      3 * q,
      2 * q,
      q,
      0,
      q,
      q,
      0,
      q,
      0,
      0,
      q,
      q,
      0,
      q,
      0,
      3 * q,
      0,
      0,
      3 * q,
      2 * q,
      q,
      2 * q,
      q,
      q,
      2 * q,
      3 * q,
      0,
      q,
      0,
      0,
      q,
      0,
      q,
    ]);
  });

  it('leaves abstains (-1) out: all-zero one-hot rows', () => {
    const stats = new OverlapStats(3, 2).add(
      labelMatrix([
        [0, -1, 1],
        [-1, -1, -1],
      ]),
    );
    const O = stats.toMatrix();
    expect(O[0 * 6 + 0]).toBe(0.5);
    expect(O[0 * 6 + 5]).toBe(0.5);
    expect(O.reduce((a, b) => a + b, 0)).toBe(2); // 2 diagonal + 2 off-diagonal entries of 1/2
    expect(stats.n).toBe(2);
  });

  it('reports LF coverages from its diagonal', () => {
    const stats = new OverlapStats(3, 2).add(
      labelMatrix([
        [0, -1, 1],
        [1, -1, -1],
        [0, 0, -1],
        [1, -1, -1],
      ]),
    );
    expect(Array.from(stats.coverages())).toEqual([1, 0.25, 0.25]);
  });

  it('gives the same O from chunks merged as from the whole matrix', () => {
    const { L } = generateSimpleLabelMatrix(3000, 6, 3, 5, 7);
    const whole = new OverlapStats(6, 3).add(L).toMatrix();
    const chunk = (from: number, to: number) => ({ n: to - from, m: 6, data: L.data.subarray(from * 6, to * 6) });
    const a = new OverlapStats(6, 3).add(chunk(0, 1000));
    const b = new OverlapStats(6, 3).add(chunk(1000, 2500), 1000).add(chunk(2500, 3000), 2500);
    expect(Array.from(a.merge(b).toMatrix())).toEqual(Array.from(whole));
  });

  it('names the row (counting the chunk offset) and the LF of a label >= cardinality', () => {
    const stats = new OverlapStats(3, 2);
    expect(() =>
      stats.add(
        labelMatrix([
          [0, 1, 0],
          [0, 2, 0],
        ]),
        100,
      ),
    ).toThrow(LabelModelError);
    expect(() =>
      stats.add(
        labelMatrix([
          [0, 1, 0],
          [0, 2, 0],
        ]),
        100,
      ),
    ).toThrow(/L\[101\]\[1\] = 2: LF 1 voted a label outside/);
  });

  it('exposes its integer co-vote counts (upper triangle, a copy), which addCounts sums back to the same O', () => {
    const L = labelMatrix([
      [0, -1],
      [1, 1],
      [1, 1],
    ]);
    const stats = new OverlapStats(2, 2).add(L);
    const counts = stats.coVoteCounts();
    // d = 4: (lf 0, label 0) once; (lf 0, label 1) twice, with (lf 1, label 1) both times.
    expect(Array.from(counts)).toEqual([1, 0, 0, 0, 0, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2]);
    counts[0] = 99;
    expect(stats.coVoteCounts()[0]).toBe(1);
    expect(Array.from(new OverlapStats(2, 2).addCounts(stats.coVoteCounts(), 3).toMatrix())).toEqual(Array.from(stats.toMatrix()));
  });

  it('refuses to merge stats of another shape', () => {
    expect(() => new OverlapStats(3, 2).merge(new OverlapStats(4, 2))).toThrow(/cannot merge overlap stats for m=4/);
  });

  it.each([
    ['dense votes (bitset blocks)', 1],
    ['sparse votes (row-pair blocks)', 1000],
  ])('counts %s exactly as the definition L_indᵀ L_ind / n', (_, abstainMultiplier) => {
    const { L } = generateSimpleLabelMatrix(5000, 20, 3, abstainMultiplier, 7);
    const d = 60;
    const expected = new Float64Array(d * d);
    for (let i = 0; i < L.n; i++) {
      for (let a = 0; a < 20; a++) {
        for (let b = 0; b < 20; b++) {
          const ya = L.data[i * 20 + a];
          const yb = L.data[i * 20 + b];
          if (ya >= 0 && yb >= 0) expected[(a * 3 + ya) * d + b * 3 + yb] += 1 / L.n;
        }
      }
    }
    const O = new OverlapStats(20, 3).add(L).toMatrix();
    for (let t = 0; t < d * d; t++) expect(O[t]).toBeCloseTo(expected[t], 12);
  });
});
