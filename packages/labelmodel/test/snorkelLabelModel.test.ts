// Specification of SnorkelLabelModel: fit, predictions, learned weights, persistence and its errors (snorkel's unit tests).

import { describe, expect, it } from 'vitest';
import { LabelModelError, labelMatrix } from '@skimmer/core';
import { SnorkelLabelModel } from '../src/snorkel/snorkelLabelModel.ts';
import { NumpyRandomState } from '../src/snorkel/numpyRandomState.ts';
import { OverlapStats } from '../src/overlaps.ts';
import { generateSimpleLabelMatrix } from '../src/synthetic.ts';
import { defaultMuEps } from '../src/snorkel/trainConfig.ts';

function fitted(rows: number[][], options = {}): SnorkelLabelModel {
  const model = new SnorkelLabelModel({ cardinality: 2 });
  model.fit(labelMatrix(rows), options);
  return model;
}

describe('SnorkelLabelModel.fit', () => {
  it("starts from μ_init scaled by numpy's first random() for the seed (0.6964691855978616 for 123)", () => {
    const model = fitted(
      [
        [0, 1, 0],
        [0, -1, 0],
      ],
      { nEpochs: 0, classBalance: [0.6, 0.4], muEps: 0 },
    );
    const r = 0.6964691855978616;
    expect(Array.from(model.getMu()).map((v) => Number(v.toFixed(12)))).toEqual(
      [1, 0, 0, 0, 0, 0, 0, 0.875, 1, 0, 0, 0].map((v) => Number((v * r).toFixed(12))),
    );
  });

  it('does not move μ in an epoch whose learning rate is 0 (warm-up starts at 0)', () => {
    const rows = [
      [0, -1, 0],
      [0, 1, 0],
      [1, 1, -1],
    ];
    const start = fitted(rows, { nEpochs: 0 }).getMu();
    expect(fitted(rows, { nEpochs: 1, lrSchedulerConfig: { warmupSteps: 1, warmupUnit: 'epochs' } }).getMu()).toEqual(start);
    expect(fitted(rows, { nEpochs: 1 }).getMu()).not.toEqual(start);
  });

  it('moves μ differently with each optimizer', () => {
    const rows = [
      [0, -1, 0],
      [0, 1, 0],
      [1, 1, -1],
    ];
    const [sgd, adam, adamax] = ['sgd', 'adam', 'adamax'].map((optimizer) => Array.from(fitted(rows, { nEpochs: 3, optimizer, muEps: 0 }).getMu()));
    expect(adam).not.toEqual(sgd);
    expect(adamax).not.toEqual(adam);
  });

  it("uses snorkel's default clamp min(0.01, 10^-ceil(log10 n))", () => {
    expect([5, 100, 1686, 10_000].map(defaultMuEps)).toEqual([0.01, 0.01, 0.0001, 0.0001]);
  });

  it('lowers the loss with more epochs (snorkel test_model_loss)', () => {
    const one = fitted(
      [
        [0, -1, 0],
        [0, 1, 0],
      ],
      { nEpochs: 1 },
    );
    const ten = fitted(
      [
        [0, -1, 0],
        [0, 1, 0],
      ],
      { nEpochs: 10 },
    );
    expect(ten.lastLoss).toBeLessThan(one.lastLoss);
  });

  it('reports the loss every logFreq epochs', () => {
    const seen: number[] = [];
    fitted(
      [
        [0, -1, 0],
        [0, 1, 0],
      ],
      { nEpochs: 25, logFreq: 10, onProgress: (epoch: number) => seen.push(epoch) },
    );
    expect(seen).toEqual([9, 19]);
  });

  it('gives the same model from merged overlap stats as from the whole matrix', () => {
    const { L } = generateSimpleLabelMatrix(2000, 5, 2, 1, 3);
    const whole = new SnorkelLabelModel();
    whole.fit(L, { seed: 1 });
    const half = (from: number, to: number) => ({ n: to - from, m: 5, data: L.data.subarray(from * 5, to * 5) });
    const merged = new SnorkelLabelModel();
    merged.fitOverlaps(new OverlapStats(5, 2).add(half(0, 700)).merge(new OverlapStats(5, 2).add(half(700, 2000))), { seed: 1 });
    expect(Array.from(merged.getMu())).toEqual(Array.from(whole.getMu()));
  });

  it('clamps μ to [muEps, 1 − muEps] (snorkel test_set_mu_eps)', () => {
    const model = fitted(
      [
        [1, 1, 1],
        [1, 1, 1],
      ],
      { muEps: 0.0123 },
    );
    expect(model.getConditionalProbs()[0][1][0]).toBeCloseTo(0.0123, 12);
  });

  it('learns LF accuracies within 0.1 (snorkel test_get_weight)', () => {
    const trueAccs = [0.95, 0.6, 0.7, 0.55, 0.8];
    const coverage = [1.0, 0.8, 1.0, 1.0, 1.0];
    const rng = new NumpyRandomState(0);
    const rows = Array.from({ length: 1000 }, () => {
      const y = rng.random() <= 0.5 ? 1 : 0;
      return trueAccs.map((acc, j) => (rng.random() <= coverage[j] ? (rng.random() <= acc ? y : 1 - y) : -1));
    });
    const weights = fitted(rows, { nEpochs: 1000, seed: 123 }).getWeights();
    trueAccs.forEach((acc, j) => expect(Math.abs(weights[j] - acc)).toBeLessThan(0.1));
  });
});

describe('SnorkelLabelModel predictions', () => {
  it('follows the majority when fewer than 2 LFs overlap (snorkel test_mv_default)', () => {
    expect(
      Array.from(
        fitted([
          [-1, -1, 1],
          [-1, 1, -1],
          [0, -1, -1],
        ]).predict(
          labelMatrix([
            [-1, -1, 1],
            [-1, 1, -1],
            [0, -1, -1],
          ]),
        ),
      ),
    ).toEqual([1, 1, 0]);
    expect(
      Array.from(
        fitted([
          [-1, -1, 1],
          [-1, 1, 1],
          [1, 1, 1],
        ]).predict(
          labelMatrix([
            [-1, -1, 1],
            [-1, 1, 1],
            [1, 1, 1],
          ]),
        ),
      ),
    ).toEqual([1, 1, 1]);
  });

  it('abstains (-1) when three LFs always disagree (snorkel test_predict)', () => {
    const L = [
      [-1, 1, 0],
      [0, -1, 1],
      [1, 0, -1],
    ];
    expect(Array.from(fitted(L).predict(labelMatrix(L)))).toEqual([-1, -1, -1]);
  });

  it('scores accuracy on voted rows and coverage (snorkel test_score)', () => {
    const L = labelMatrix([
      [1, 1, 0],
      [-1, -1, -1],
      [1, 0, 1],
    ]);
    const model = new SnorkelLabelModel();
    model.fit(L);
    expect(Array.from(model.predict(L))).toEqual([1, -1, 1]);
    expect(model.score(L, [1, 0, 1], ['accuracy', 'coverage'])).toEqual({ accuracy: 1, coverage: 2 / 3 });
  });

  it('stays finite when 1000 LFs vote, where a product of probabilities would underflow to 0/0 (log space)', () => {
    const m = 1000;
    // each LF: P(λ = y | Y = y) = 0.5, P(λ = other | Y = y) = 0.01
    const mu = Array.from({ length: m }, () => [0.5, 0.01, 0.01, 0.5]).flat();
    const model = SnorkelLabelModel.fromJSON({ type: 'snorkel', cardinality: 2, m, mu, classBalance: [0.5, 0.5], coverage: new Array(m).fill(1) });
    const split = Array.from({ length: m }, (_, j) => (j < 500 ? 0 : 1));
    const leaning = Array.from({ length: m }, (_, j) => (j < 501 ? 0 : 1));
    const probs = model.predictProba(labelMatrix([split, leaning])).data;
    expect(probs[0]).toBeCloseTo(0.5, 8);
    expect(probs[1]).toBeCloseTo(0.5, 8);
    expect(probs[2]).toBeCloseTo(2500 / 2501, 8); // two net votes: odds (0.5 / 0.01)²
  });

  it('round-trips through toJSON / fromJSON with identical probabilities', () => {
    const { L } = generateSimpleLabelMatrix(500, 4, 3, 1, 9);
    const model = new SnorkelLabelModel({ cardinality: 3 });
    model.fit(L);
    const restored = SnorkelLabelModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(restored.predictProba(L).data)).toEqual(Array.from(model.predictProba(L).data));
    expect(Array.from(restored.getWeights())).toEqual(Array.from(model.getWeights()));
  });
});

describe('SnorkelLabelModel errors', () => {
  const L = [
    [0, -1, 0],
    [0, 1, 0],
  ];

  it('needs at least 3 LFs', () => {
    expect(() =>
      fitted([
        [0, 1],
        [1, 1],
        [0, 1],
      ]),
    ).toThrow('the label matrix has 2 labeling function(s): the label model needs at least 3');
  });

  it('names the row and LF of a label >= cardinality', () => {
    expect(() =>
      fitted([
        [-1, 0, 1],
        [-1, 0, 2],
        [0, -1, 1],
      ]),
    ).toThrow(LabelModelError);
    expect(() =>
      fitted([
        [-1, 0, 1],
        [-1, 0, 2],
        [0, -1, 1],
      ]),
    ).toThrow(/^L\[1\]\[2\] = 2: LF 2 voted a label outside -1 \(abstain\) \.\. 1/);
  });

  it('rejects an empty label matrix', () => {
    expect(() => new SnorkelLabelModel().fit({ n: 0, m: 3, data: new Int32Array(0) })).toThrow(/label matrix is empty/);
  });

  it('rejects a class balance of the wrong length, not summing to 1, or with a zero prior', () => {
    expect(() => fitted(L, { classBalance: [1] })).toThrow('classBalance has 1 entries: expected one per class (cardinality 2)');
    expect(() => fitted(L, { classBalance: [0.5, 0.6] })).toThrow('classBalance sums to 1.1: expected 1');
    expect(() => fitted(L, { classBalance: [0, 1] })).toThrow('classBalance[0] = 0: every class prior must be > 0');
  });

  it('stops with advice when the loss becomes NaN (snorkel test_model_loss, lr = 1e8)', () => {
    expect(() => fitted(L, { nEpochs: 10, lr: 1e8 })).toThrow(/^loss is (NaN|Infinity) at epoch \d+: try a smaller learning rate \(lr=100000000\)$/);
  });

  it('rejects unknown optimizers and schedulers, and precInit of the wrong length', () => {
    expect(() => fitted(L, { optimizer: 'bad_opt' })).toThrow(/unrecognized optimizer option 'bad_opt'/);
    expect(() => fitted(L, { lrScheduler: 'bad_scheduler' })).toThrow(/unrecognized lr scheduler option 'bad_scheduler'/);
    expect(() => fitted(L, { n_epochs: 5 })).toThrow(/^unknown fit option 'n_epochs' \(did you mean 'nEpochs'\?\)/);
    expect(() => fitted(L, { precInit: [0.7, 0.7] })).toThrow('precInit has 2 entries: expected one number or one per LF (3)');
  });

  it('refuses to predict before fit and on a matrix with another number of LFs', () => {
    expect(() => new SnorkelLabelModel().predictProba(labelMatrix(L))).toThrow('the label model is not fitted: call fit(L) first');
    expect(() => fitted(L).predictProba(labelMatrix([[0, 1, 0, 1]]))).toThrow('label matrix has 4 LFs, the model was fitted on 3');
  });
});
