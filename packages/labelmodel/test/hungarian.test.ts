// Specification of minCostAssignment: the Hungarian algorithm finds the cheapest one-to-one assignment.

import { describe, expect, it } from 'vitest';
import { LabelModelError } from '@skimmer/core';
import { minCostAssignment } from '../src/hungarian.ts';

function totalCost(cost: number[][], colForRow: Int32Array): number {
  return Array.from(colForRow).reduce((sum, col, row) => sum + cost[row][col], 0);
}

describe('minCostAssignment', () => {
  it('solves the classic 4 workers × 4 jobs problem (optimum 140)', () => {
    const cost = [
      [82, 83, 69, 92],
      [77, 37, 49, 92],
      [11, 69, 5, 86],
      [8, 9, 98, 23],
    ];
    const assignment = minCostAssignment(cost);
    expect(Array.from(assignment)).toEqual([2, 1, 0, 3]);
    expect(totalCost(cost, assignment)).toBe(140);
  });

  it('matches brute force over all permutations of a 5 × 5 matrix', () => {
    const cost = [
      [7, 53, 183, 439, 863],
      [497, 383, 563, 79, 973],
      [287, 63, 343, 169, 583],
      [627, 343, 773, 959, 943],
      [767, 473, 103, 699, 303],
    ];
    const permutations = (items: number[]): number[][] =>
      items.length <= 1 ? [items] : items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
    const best = Math.min(...permutations([0, 1, 2, 3, 4]).map((perm) => perm.reduce((s, col, row) => s + cost[row][col], 0)));
    expect(totalCost(cost, minCostAssignment(cost))).toBe(best);
  });

  it('maximises when given the negated matrix, as snorkel uses Munkres', () => {
    const gain = [
      [0.25, 0.75],
      [0.75, 0.25],
    ];
    expect(Array.from(minCostAssignment(gain.map((row) => row.map((v) => -v))))).toEqual([1, 0]);
  });

  it('rejects a non-square matrix naming the row', () => {
    expect(() => minCostAssignment([[1, 2], [3]])).toThrow(LabelModelError);
    expect(() => minCostAssignment([[1, 2], [3]])).toThrow(/row 1 has 1 entries, expected 2/);
  });
});
