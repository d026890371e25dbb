// probsToPreds + scoreMetrics on real data: majority vote with Snorkel's tie rule reproduces the published WRENCH figures.

import { describe, expect, it } from 'vitest';
import { ABSTAIN, probsToPreds, scoreMetrics, type LabelMatrix, type ProbMatrix } from '../src/index.ts';
import { readWrenchSplit } from '../../../test-support/wrench.ts';
import { optionalDataset } from '../../../test-support/optionalData.ts';

/** Snorkel's MajorityLabelVoter.predict_proba: uniform over the most-voted classes (all classes when every LF abstains). */
function majorityVoteProbs(L: LabelMatrix, k: number): ProbMatrix {
  const data = new Float64Array(L.n * k);
  const counts = new Float64Array(k);
  for (let i = 0; i < L.n; i++) {
    counts.fill(0);
    for (let j = 0; j < L.m; j++) {
      const v = L.data[i * L.m + j];
      if (v !== ABSTAIN) counts[v]++;
    }
    let max = 0;
    for (let c = 0; c < k; c++) max = Math.max(max, counts[c]);
    let tied = 0;
    for (let c = 0; c < k; c++) if (counts[c] === max) tied++;
    for (let c = 0; c < k; c++) data[i * k + c] = counts[c] === max ? 1 / tied : 0;
  }
  return { n: L.n, k, data };
}

describe('majority vote on WRENCH test splits (published: youtube 0.8400 / F1 0.8077, sms 0.6320 / F1 0.2397, trec 0.6080)', () => {
  it('youtube', () => {
    const { weak, gold } = readWrenchSplit('wrench-youtube', 'test');
    const preds = probsToPreds(majorityVoteProbs(weak, 2), 'random');
    const s = scoreMetrics(gold, preds, ['accuracy', 'f1']);
    expect(s.accuracy).toBe(0.84);
    expect(s.f1).toBeCloseTo(0.8077, 4);
  });
  it('sms', () => {
    const { weak, gold } = readWrenchSplit('wrench-sms', 'test');
    const s = scoreMetrics(gold, probsToPreds(majorityVoteProbs(weak, 2), 'random'), ['accuracy', 'f1']);
    expect(s.accuracy).toBe(0.632);
    expect(s.f1).toBeCloseTo(0.2397, 4);
  });
  // WRENCH trec states no licence: it is not in datasets/, only in the optional $SKIMMER_EXTRA_DATA folder.
  const trec = optionalDataset('wrench-trec', 'core majority vote on WRENCH trec');
  if (trec)
    it('trec (6 classes)', () => {
      const { weak, gold } = readWrenchSplit(trec, 'test');
      const s = scoreMetrics(gold, probsToPreds(majorityVoteProbs(weak, 6), 'random'), ['accuracy']);
      expect(s.accuracy).toBe(0.608);
    });
});
