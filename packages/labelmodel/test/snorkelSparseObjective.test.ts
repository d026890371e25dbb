// Specification of the Snorkel model's sparse epoch: the same predictions as snorkel's dense loss on WRENCH youtube, sms (and trec when present).

import { describe, expect, it } from 'vitest';
import { probsToPreds, datasetPath } from '@skimmer/core';
import { MuObjective, buildMask } from '../src/snorkel/objective.ts';
import { SnorkelLabelModel } from '../src/snorkel/snorkelLabelModel.ts';
import { generateSimpleLabelMatrix } from '../src/synthetic.ts';
import { readWrenchDir } from '../src/wrenchDataset.ts';
import { optionalDataset } from '../../../test-support/optionalData.ts';

/** Fits both ways and returns how many test predictions differ and the largest probability difference. */
async function compare(dir: string, seed: number): Promise<{ predDiffs: number; maxProbDiff: number }> {
  const { train, test, cardinality } = await readWrenchDir(dir);
  const dense = new SnorkelLabelModel({ cardinality });
  dense.fit(train.L, { seed, objective: 'dense' });
  const sparse = new SnorkelLabelModel({ cardinality });
  sparse.fit(train.L, { seed });
  const [pd, ps] = [dense.predictProba(test.L), sparse.predictProba(test.L)];
  const [yd, ys] = [probsToPreds(pd, 'random'), probsToPreds(ps, 'random')];
  return {
    predDiffs: yd.reduce((n, y, i) => n + (y === ys[i] ? 0 : 1), 0),
    maxProbDiff: pd.data.reduce((mx, p, t) => Math.max(mx, Math.abs(p - ps.data[t])), 0),
  };
}

describe('SnorkelLabelModel sparse objective', () => {
  it.each([['wrench-youtube'], ['wrench-sms']])('predicts %s test exactly as the dense objective (seeds 1, 123)', async (set) => {
    for (const seed of [1, 123]) {
      const { predDiffs, maxProbDiff } = await compare(datasetPath(set), seed);
      expect(predDiffs).toBe(0);
      expect(maxProbDiff).toBeLessThan(1e-12);
    }
  });

  const trec = optionalDataset('wrench-trec', 'labelmodel sparse objective on WRENCH trec');
  if (trec)
    it('predicts wrench-trec test exactly as the dense objective (optional, unlicensed folder)', async () => {
      const { predDiffs, maxProbDiff } = await compare(trec, 123);
      expect(predDiffs).toBe(0);
      expect(maxProbDiff).toBeLessThan(1e-12);
    });

  it('gives the dense loss and gradient to rounding on dense synthetic overlaps (k 6), with l2', () => {
    const { L } = generateSimpleLabelMatrix(2000, 8, 6, 1, 3);
    const k = 6;
    const d = 8 * k;
    const O = new Float64Array(d * d);
    const { data, n, m } = L;
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < m; a++) {
        for (let b = 0; b < m; b++) {
          const [va, vb] = [data[i * m + a], data[i * m + b]];
          if (va >= 0 && vb >= 0) O[(a * k + va) * d + b * k + vb] += 1 / n;
        }
      }
    }
    const mu = Float64Array.from({ length: d * k }, (_, t) => ((t * 7919) % 101) / 200);
    const p = Float64Array.of(0.1, 0.2, 0.3, 0.1, 0.2, 0.1);
    const sparse = new MuObjective(
      O,
      buildMask(8, k),
      p,
      mu.map((v) => v * 0.9),
      0.05,
    );
    const [g1, g2] = [new Float64Array(d * k), new Float64Array(d * k)];
    const dense = sparse.lossAndGradGeneric(mu, g1);
    expect(Math.abs(sparse.lossAndGrad(mu, g2) / dense - 1)).toBeLessThan(1e-12);
    g1.forEach((g, t) => expect(Math.abs(g - g2[t])).toBeLessThan(1e-12 * (1 + Math.abs(g))));
  });
});
