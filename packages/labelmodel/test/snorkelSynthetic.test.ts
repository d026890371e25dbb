// Specification: SnorkelLabelModel recovers known LF conditional probabilities on snorkel's synthetic label matrices.

import { describe, expect, it } from 'vitest';
import { SnorkelLabelModel } from '../src/snorkel/snorkelLabelModel.ts';
import { generateSimpleLabelMatrix } from '../src/synthetic.ts';

function absErrors(P: number[][][], estimate: number[][][]): number[] {
  return P.flatMap((table, j) => table.flatMap((row, l) => row.map((v, y) => Math.abs(v - estimate[j][l][y]))));
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('generateSimpleLabelMatrix', () => {
  it("reproduces numpy's draws after np.random.seed(123) (snorkel's fixture)", () => {
    const { P, Y, L } = generateSimpleLabelMatrix(5, 3, 2, 1, 123);
    // values printed by numpy 2.4 running snorkel's generate_simple_label_matrix(5, 3, 2) after np.random.seed(123)
    expect(P[0][0][0]).toBe(0.26353561526042146);
    expect(P[2][2][1]).toBe(0.5957309959093948);
    expect(Array.from(Y)).toEqual([1, 0, 0, 1, 0]);
    expect(Array.from(L.data)).toEqual([0, 1, 1, 0, 0, 0, 0, -1, 1, 1, 1, -1, -1, -1, -1]);
  });
});

describe('SnorkelLabelModel on synthetic data (snorkel test_label_model_basic / _sparse)', () => {
  it('recovers P within 0.01 on average and labels ≥ 90% right: n = 10,000, m = 10, k = 2', () => {
    const { P, Y, L } = generateSimpleLabelMatrix(10_000, 10, 2, 1, 123);
    const model = new SnorkelLabelModel({ cardinality: 2 });
    model.fit(L, { nEpochs: 200, lr: 0.01, seed: 123 });
    const errors = absErrors(P, model.getConditionalProbs());
    expect(mean(errors)).toBeLessThanOrEqual(0.01);
    expect(Math.max(...errors)).toBeLessThan(0.015); // numpy's assert_array_almost_equal(decimal=2)
    expect(model.score(L, Y).accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('recovers P within 0.01 on average and labels ≥ 90% right: n = 10,000, m = 10, k = 3', () => {
    const { P, Y, L } = generateSimpleLabelMatrix(10_000, 10, 3, 1, 123);
    const model = new SnorkelLabelModel({ cardinality: 3 });
    model.fit(L, { nEpochs: 200, lr: 0.01, seed: 123 });
    expect(mean(absErrors(P, model.getConditionalProbs()))).toBeLessThanOrEqual(0.01);
    expect(model.score(L, Y).accuracy).toBeGreaterThanOrEqual(0.9);
  });

  for (const k of [2, 3]) {
    it(`stays accurate when LFs abstain 1000× more often, and never abstains where an LF voted (k = ${k})`, () => {
      const { P, Y, L } = generateSimpleLabelMatrix(10_000, 10, k, 1000, 123);
      const model = new SnorkelLabelModel({ cardinality: k });
      model.fit(L, { nEpochs: 1000, lr: 0.01, seed: 123 });
      expect(mean(absErrors(P, model.getConditionalProbs()))).toBeLessThanOrEqual(0.01);
      const preds = model.predict(L, 'abstain');
      let voted = 0;
      let correct = 0;
      let rowsWithVotes = 0;
      for (let i = 0; i < L.n; i++) {
        if (L.data.subarray(i * L.m, (i + 1) * L.m).some((v) => v !== -1)) rowsWithVotes++;
        if (preds[i] === -1) continue;
        voted++;
        if (preds[i] === Y[i]) correct++;
      }
      expect(correct / voted).toBeGreaterThanOrEqual(0.65);
      expect(voted).toBe(rowsWithVotes);
    });
  }
});
