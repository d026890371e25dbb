// Specification of breakColPermutationSymmetry, with the cases of snorkel's test_symmetry_breaking tests.

import { describe, expect, it } from 'vitest';
import { breakColPermutationSymmetry } from '../src/snorkel/symmetry.ts';

/** Flattens rows after reordering each row's columns by `order` (numpy's mu[:, order]). */
function permuted(rows: number[][], order: number[]): Float64Array {
  return Float64Array.from(rows.flatMap((row) => order.map((c) => row[c])));
}

const binary = [
  [0.75, 0.25],
  [0.25, 0.75], // LF 0
  [0.25, 0.75],
  [0.15, 0.25], // LF 1
  [0.75, 0.25],
  [0.25, 0.75], // LF 2
];

const multiclass = [
  [0.75, 0.15, 0.1],
  [0.2, 0.75, 0.3],
  [0.05, 0.1, 0.6], // LF 0
  [0.25, 0.55, 0.3],
  [0.15, 0.45, 0.4],
  [0.2, 0.0, 0.3], // LF 1
  [0.5, 0.15, 0.2],
  [0.3, 0.65, 0.2],
  [0.2, 0.2, 0.6], // LF 2
];

describe('breakColPermutationSymmetry', () => {
  it('flips an inverted binary solution back when the classes have equal priors', () => {
    const mu = breakColPermutationSymmetry(permuted(binary, [1, 0]), 3, 2, [0.5, 0.5]);
    expect(mu[0]).toBe(0.75);
    expect(Array.from(mu)).toEqual(binary.flat());
  });

  it('keeps the columns when the priors differ (the permutation does not commute with P)', () => {
    expect(breakColPermutationSymmetry(permuted(binary, [1, 0]), 3, 2, [0.9, 0.1])[0]).toBe(0.25);
  });

  it('restores a rotated 3-class solution under a uniform prior', () => {
    const mu = breakColPermutationSymmetry(permuted(multiclass, [1, 2, 0]), 3, 3, [1 / 3, 1 / 3, 1 / 3]);
    expect(mu[0]).toBe(0.75);
    expect(mu[1 * 3 + 1]).toBe(0.75);
  });

  it('leaves a 3-class solution alone when all priors differ', () => {
    const mu = breakColPermutationSymmetry(permuted(multiclass, [1, 2, 0]), 3, 3, [0.7, 0.2, 0.1]);
    expect(mu[0]).toBe(0.15);
    expect(mu[1 * 3 + 1]).toBe(0.3);
  });
});
