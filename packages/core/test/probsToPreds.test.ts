// Specification of probsToPreds / predsToProbs: Snorkel's tie rules, with sha1 tie-breaks computed in Python.

import { describe, expect, it } from 'vitest';
import { argmaxRow, DataError, hashTieBreak, predsToProbs, probMatrix, probMatrixToArrays, probsToPreds } from '../src/index.ts';

// Expected values from python3: int(hashlib.sha1(str(i).encode()).hexdigest(), 16) % n
const PYTHON_SHA1_MOD = [
  { row: 0, n: 2, pick: 0 },
  { row: 1, n: 2, pick: 1 },
  { row: 3, n: 2, pick: 1 },
  { row: 7, n: 2, pick: 0 },
  { row: 1, n: 3, pick: 0 },
  { row: 3, n: 3, pick: 1 },
  { row: 7, n: 3, pick: 2 },
  { row: 123456, n: 3, pick: 2 },
  { row: 1, n: 4, pick: 3 },
  { row: 7, n: 4, pick: 2 },
  { row: 999999, n: 4, pick: 2 },
];

describe('probsToPreds', () => {
  it('picks the unique maximum', () =>
    expect(
      Array.from(
        probsToPreds(
          probMatrix([
            [0.8, 0.1, 0.1],
            [0.2, 0.3, 0.5],
          ]),
        ),
      ),
    ).toEqual([0, 2]));
  it("abstains on ties by default ('abstain')", () => expect(Array.from(probsToPreds(probMatrix([[0.5, 0.5, 0.5]])))).toEqual([-1]));
  it('treats classes within tol of the maximum as tied', () => {
    expect(Array.from(probsToPreds(probMatrix([[0.500001, 0.499999]])))).toEqual([-1]);
    expect(Array.from(probsToPreds(probMatrix([[0.500001, 0.499999]]), 'abstain', 1e-7))).toEqual([0]);
  });
  it.each(PYTHON_SHA1_MOD)("'random' picks tied[sha1(str($row)) % $n] like Snorkel (row $row)", ({ row, n, pick }) => {
    expect(hashTieBreak(row, n)).toBe(pick);
  });
  it("'random' applies the rule with the row index and only among the tied classes", () => {
    // row 0: tie of classes 1, 2 → sha1("0") % 2 = 0 → 1; row 1: no tie; row 3: tie of 0, 2 → sha1("3") % 2 = 1 → 2
    const P = probMatrix([
      [0.2, 0.4, 0.4],
      [0.1, 0.1, 0.8],
      [0.5, 0.25, 0.25],
      [0.4, 0.2, 0.4],
    ]);
    expect(Array.from(probsToPreds(P, 'random'))).toEqual([1, 2, 0, 2]);
  });
  it("'true-random' draws with the given random source", () => {
    const P = probMatrix([
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
    expect(Array.from(probsToPreds(P, 'true-random', 1e-5, () => 0.99))).toEqual([1, 1]);
    expect(Array.from(probsToPreds(P, 'true-random', 1e-5, () => 0))).toEqual([0, 0]);
  });
  it('refuses fewer than two classes and NaN probabilities', () => {
    expect(() => probsToPreds(probMatrix([[1]]))).toThrow(/at least 2 classes/);
    expect(() => probsToPreds(probMatrix([[0.5, Number.NaN]]))).toThrow(DataError);
  });
});

describe('argmaxRow', () => {
  it('is the class of the highest probability in the row, the first of tied maxima', () => {
    const P = probMatrix([
      [0.2, 0.5, 0.3],
      [0.4, 0.2, 0.4],
      [0.1, 0.1, 0.8],
    ]);
    expect([0, 1, 2].map((i) => argmaxRow(P, i))).toEqual([1, 0, 2]);
  });
});

describe('predsToProbs', () => {
  it('one-hot encodes predictions', () =>
    expect(probMatrixToArrays(predsToProbs([1, 0, 2], 3))).toEqual([
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ]));
  it('refuses abstains, naming the row', () => expect(() => predsToProbs([0, -1], 2)).toThrow(/prediction -1 at row 1/));
});
