// Specification of MajorityLabelVoter: snorkel's doctest, the tie rules, and the published WRENCH majority-vote figures.

import { describe, expect, it } from 'vitest';
import { LabelModelError, labelMatrix, probMatrixToArrays, datasetPath } from '@skimmer/core';
import { MajorityLabelVoter } from '../src/majorityVote.ts';
import { readWrenchDir } from '../src/wrenchDataset.ts';
import { optionalDataset } from '../../../test-support/optionalData.ts';

describe('MajorityLabelVoter', () => {
  it("reproduces snorkel's doctest: [[0,0,-1],[-1,0,1],[1,-1,0]] → [[1,0],[.5,.5],[.5,.5]]", () => {
    const mv = new MajorityLabelVoter({ cardinality: 2 });
    expect(
      probMatrixToArrays(
        mv.predictProba(
          labelMatrix([
            [0, 0, -1],
            [-1, 0, 1],
            [1, -1, 0],
          ]),
        ),
      ),
    ).toEqual([
      [1, 0],
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
  });

  it('gives an all-abstain row a uniform distribution over the k classes', () => {
    const mv = new MajorityLabelVoter({ cardinality: 3 });
    expect(probMatrixToArrays(mv.predictProba(labelMatrix([[-1, -1]])))).toEqual([[1 / 3, 1 / 3, 1 / 3]]);
  });

  it('predicts -1 on ties with the default policy and a class with policy random', () => {
    const mv = new MajorityLabelVoter({ cardinality: 2 });
    const L = labelMatrix([
      [0, 1],
      [1, 1],
    ]);
    expect(Array.from(mv.predict(L))).toEqual([-1, 1]);
    expect(Array.from(mv.predict(L, 'random'))).toEqual([0, 1]);
  });

  it('refuses an empty label matrix', () => {
    expect(() => new MajorityLabelVoter().fit({ n: 0, m: 3, data: new Int32Array(0) })).toThrow(/empty \(n = 0\)/);
  });

  it('names the row and the LF of a label >= cardinality', () => {
    const error = (() => {
      try {
        new MajorityLabelVoter({ cardinality: 2 }).predictProba(
          labelMatrix([
            [0, 1],
            [1, 2],
          ]),
        );
      } catch (err) {
        return err as LabelModelError;
      }
    })();
    expect(error).toBeInstanceOf(LabelModelError);
    expect(error?.message).toBe('L[1][1] = 2: LF 1 voted a label outside -1 (abstain) .. 1 (cardinality 2) on row 1');
    expect(error?.context).toMatchObject({ row: 1, lf: 1, label: 2 });
  });

  it('round-trips through toJSON / fromJSON', () => {
    const json = JSON.parse(JSON.stringify(new MajorityLabelVoter({ cardinality: 4 }).toJSON()));
    expect(json).toEqual({ type: 'majority-vote', cardinality: 4 });
    expect(MajorityLabelVoter.fromJSON(json).cardinality).toBe(4);
  });
});

describe('MajorityLabelVoter on the WRENCH test splits (tie policy random: sha1 of the row position)', () => {
  it('youtube: accuracy 0.8400, F1 0.8077', async () => {
    const { test } = await readWrenchDir(datasetPath('wrench-youtube'));
    const scores = new MajorityLabelVoter({ cardinality: 2 }).score(test.L, test.labels, ['accuracy', 'f1'], 'random');
    expect(scores.accuracy).toBe(0.84);
    expect(scores.f1).toBeCloseTo(0.8077, 4);
  });

  it('sms: accuracy 0.6320, F1 0.2397', async () => {
    const { test } = await readWrenchDir(datasetPath('wrench-sms'));
    const scores = new MajorityLabelVoter({ cardinality: 2 }).score(test.L, test.labels, ['accuracy', 'f1'], 'random');
    expect(scores.accuracy).toBe(0.632);
    expect(scores.f1).toBeCloseTo(0.2397, 4);
  });

  // WRENCH trec states no licence: it is not in datasets/, only in the optional $SKIMMER_EXTRA_DATA folder.
  const trec = optionalDataset('wrench-trec', 'labelmodel MajorityLabelVoter on WRENCH trec');
  if (trec)
    it('trec (6 classes): accuracy 0.6080', async () => {
      const { test, cardinality } = await readWrenchDir(trec);
      expect(new MajorityLabelVoter({ cardinality }).score(test.L, test.labels, ['accuracy'], 'random').accuracy).toBe(0.608);
    });
});
