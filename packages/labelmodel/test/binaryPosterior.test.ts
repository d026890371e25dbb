// Specification of binaryPosterior: the two-class posterior, bit-identical to one log-odds sum per row in LF order.

import { describe, expect, it } from 'vitest';
import { LabelModelError, labelMatrix } from '@skimmer/core';
import type { LabelMatrix } from '@skimmer/core';
import { binaryPosterior } from '../src/snorkel/binaryPosterior.ts';
import { generateSimpleLabelMatrix } from '../src/synthetic.ts';

/** The definition, one row at a time. */
function reference(L: LabelMatrix, logOdds: Float64Array, priorOdds: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < L.n; i++) {
    let s = priorOdds;
    for (let j = 0; j < L.m; j++) s += logOdds[3 * j + 1 + L.data[i * L.m + j]];
    out.push(1 / (1 + Math.exp(s)), 1 / (1 + Math.exp(-s)));
  }
  return out;
}

describe('binaryPosterior', () => {
  it('gives [0.5, 0.5] when the votes cancel out', () => {
    const logOdds = Float64Array.of(0, -1, 1, 0, -1, 1, 0, -1, 1);
    expect(Array.from(binaryPosterior(labelMatrix([[1, -1, 0]]), logOdds, 0).data)).toEqual([0.5, 0.5]);
  });

  it.each([1, 4, 7, 1001])('is bit-identical to the row-by-row sum for n = %i rows (four at a time and a tail)', (n) => {
    const { L } = generateSimpleLabelMatrix(n, 13, 2, 1, 5);
    const logOdds = Float64Array.from({ length: 39 }, (_, t) => (t % 3 === 0 ? 0 : Math.sin(t) * 3));
    expect(Array.from(binaryPosterior(L, logOdds, 0.3).data)).toEqual(reference(L, logOdds, 0.3));
  });

  it.each([
    [2, 'L[5][1] = 2'],
    [-2, 'L[5][1] = -2'],
  ])('names the row and the LF of the first vote %i outside -1..1', (label, message) => {
    const { L } = generateSimpleLabelMatrix(9, 3, 2, 1, 5);
    const data = L.data.slice();
    data[5 * 3 + 1] = label;
    data[6 * 3 + 0] = 5;
    expect(() => binaryPosterior({ ...L, data }, new Float64Array(9), 0)).toThrow(LabelModelError);
    expect(() => binaryPosterior({ ...L, data }, new Float64Array(9), 0)).toThrow(message);
  });

  it('names an invalid vote in the tail rows too', () => {
    expect(() =>
      binaryPosterior(
        labelMatrix([
          [0, 1],
          [1, 0],
          [0, 0],
          [1, 1],
          [0, 3],
        ]),
        new Float64Array(6),
        0,
      ),
    ).toThrow('L[4][1] = 3');
  });
});
