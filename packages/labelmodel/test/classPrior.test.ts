// Specification of MajorityClassVoter: the class-prior baseline predicts the same distribution for every row.

import { describe, expect, it } from 'vitest';
import { labelMatrix, probMatrixToArrays } from '@skimmer/core';
import { MajorityClassVoter } from '../src/classPrior.ts';

describe('MajorityClassVoter', () => {
  const L = labelMatrix([
    [0, 0, -1],
    [1, -1, 0],
    [-1, -1, -1],
  ]);

  it('predicts the given class balance for every row, whatever the votes', () => {
    const prior = new MajorityClassVoter({ cardinality: 2 });
    prior.fit(L, { classBalance: [0.25, 0.75] });
    expect(probMatrixToArrays(prior.predictProba(L))).toEqual([
      [0.25, 0.75],
      [0.25, 0.75],
      [0.25, 0.75],
    ]);
    expect(Array.from(prior.predict(L))).toEqual([1, 1, 1]);
  });

  it('estimates the balance from the share of each label among the votes when none is given', () => {
    const prior = new MajorityClassVoter({ cardinality: 2 });
    prior.fit(L);
    expect(Array.from(prior.getClassBalance())).toEqual([0.75, 0.25]);
  });

  it('refuses a class balance that does not sum to 1', () => {
    expect(() => new MajorityClassVoter({ cardinality: 2 }).fit(L, { classBalance: [0.5, 0.6] })).toThrow('classBalance sums to 1.1: expected 1');
  });

  it('round-trips through toJSON / fromJSON', () => {
    const prior = new MajorityClassVoter({ cardinality: 2 });
    prior.fit(L, { classBalance: [0.4, 0.6] });
    const again = MajorityClassVoter.fromJSON(JSON.parse(JSON.stringify(prior.toJSON())));
    expect(Array.from(again.getClassBalance())).toEqual([0.4, 0.6]);
  });
});
