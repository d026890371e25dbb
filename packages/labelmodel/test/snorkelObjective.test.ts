// Specification of the LabelModel objective: mask, μ initialisation, snorkel's loss values and the analytic gradient.

import { describe, expect, it } from 'vitest';
import { labelMatrix } from '@skimmer/core';
import { OverlapStats } from '../src/overlaps.ts';
import { MuObjective, buildMask, initialMu } from '../src/snorkel/objective.ts';
import { NumpyRandomState } from '../src/snorkel/numpyRandomState.ts';

/** Snorkel's `_set_up_model`: O, mask and μ_init for a small L with prec_init 0.7. */
function setUp(rows: number[][], p = [0.5, 0.5], l2: number | number[] = 0) {
  const L = labelMatrix(rows);
  const O = new OverlapStats(L.m, 2).add(L).toMatrix();
  const muInit = initialMu(O, L.m, 2, new Float64Array(L.m).fill(0.7), p);
  return { O, muInit, objective: new MuObjective(O, buildMask(L.m, 2), Float64Array.from(p), muInit, l2) };
}

/** Rounds to 12 decimals: 0.5 · 0.7 / 0.4 is 0.8749999999999999 in float64 (snorkel's float32 gives 0.875). */
function rounded(values: Float64Array): number[] {
  return Array.from(values, (v) => Number(v.toFixed(12)));
}

describe('buildMask', () => {
  it('zeros the k × k block of each LF with itself (snorkel test_build_mask)', () => {
    // prettier-ignore
    expect(Array.from(buildMask(3, 2))).toEqual([0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0]);
  });
});

describe('initialMu', () => {
  it('is clamp(P(λ=y) · 0.7 / P(Y=y), 0, 1) on the diagonal: 1.0 and 0.875 for class balance [.6, .4] (snorkel test_init_params)', () => {
    const { muInit } = setUp(
      [
        [0, 1, 0],
        [0, -1, 0],
      ],
      [0.6, 0.4],
    );
    expect(rounded(muInit)).toEqual([1, 0, 0, 0, 0, 0, 0, 0.875, 1, 0, 0, 0]);
  });

  it('gives 0.5 for the second LF with class balance [.3, .7]', () => {
    const { muInit } = setUp(
      [
        [0, 1, 0],
        [0, -1, 0],
      ],
      [0.3, 0.7],
    );
    expect(rounded(muInit)).toEqual([1, 0, 0, 0, 0, 0, 0, 0.5, 1, 0, 0, 0]);
  });
});

describe('MuObjective', () => {
  it('has loss 0.675175 at μ = μ_init + 0.05 (snorkel test_loss: 0.675 to 3 places)', () => {
    const { muInit, objective } = setUp([
      [0, -1, 0],
      [0, 1, -1],
    ]);
    expect(objective.lossAndGrad(muInit.map((v) => v + 0.05))).toBeCloseTo(0.675175, 12);
  });

  it('has L2 term 0.03 at μ_init + 0.05 with l2 = 1, scalar or per row (snorkel test_loss)', () => {
    const { muInit } = setUp([
      [0, -1, 0],
      [0, 1, -1],
    ]);
    const mu = muInit.map((v) => v + 0.05);
    expect(
      setUp(
        [
          [0, -1, 0],
          [0, 1, -1],
        ],
        [0.5, 0.5],
        1,
      ).objective.l2Term(mu),
    ).toBeCloseTo(0.03, 12);
    expect(
      setUp(
        [
          [0, -1, 0],
          [0, 1, -1],
        ],
        [0.5, 0.5],
        [1, 1, 1, 1, 1, 1],
      ).objective.l2Term(mu),
    ).toBeCloseTo(0.03, 12);
  });

  it('has an analytic gradient that matches central finite differences', () => {
    const rng = new NumpyRandomState(5);
    const rows = Array.from({ length: 40 }, () => Array.from({ length: 4 }, () => rng.randint(3) - 1));
    const { objective } = setUp(rows, [0.3, 0.7], 0.2);
    const mu = Float64Array.from({ length: 16 }, () => rng.random());
    const grad = new Float64Array(16);
    objective.lossAndGrad(mu, grad);
    const h = 1e-6;
    for (let t = 0; t < mu.length; t++) {
      const plus = mu.slice();
      const minus = mu.slice();
      plus[t] += h;
      minus[t] -= h;
      const numeric = (objective.lossAndGrad(plus) - objective.lossAndGrad(minus)) / (2 * h);
      expect(grad[t]).toBeCloseTo(numeric, 6);
    }
  });
});
