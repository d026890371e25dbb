// Specification of the rest of snorkel's API: RandomVoter, filterUnlabeled, labelBuckets, save / load, and the extra score metrics.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelMatrix, probMatrix, scoreMetrics } from '@skimmer/core';
import { fbeta, logLoss, matthewsCorrcoef, rocAuc } from '@skimmer/core';
import { DawidSkeneLabelModel } from '../src/dawidSkene.ts';
import { filterUnlabeled, labelBuckets } from '../src/labelUtils.ts';
import { loadLabelModel } from '../src/labelModelRegistry.ts';
import { RandomVoter } from '../src/randomVoter.ts';
import { SnorkelLabelModel } from '../src/snorkel/snorkelLabelModel.ts';

const L = labelMatrix([
  [0, 0, -1],
  [-1, -1, -1],
  [1, -1, 1],
  [1, 1, 0],
]);

describe('RandomVoter', () => {
  it("draws numpy's np.random.rand(n, k) after np.random.seed(123), each row normalised", () => {
    const voter = new RandomVoter({ cardinality: 2 });
    voter.fit(L, { seed: 123 });
    const probs = Array.from(voter.predictProba(labelMatrix([[0], [1], [-1]])).data);
    // numpy: np.random.seed(123); r = np.random.rand(3, 2); r / r.sum(axis=1, keepdims=True)
    const numpy = [0.7087962001482243, 0.29120379985177575, 0.2915205607261141, 0.7084794392738859, 0.6296905665494839, 0.3703094334505162];
    probs.forEach((p, t) => expect(p).toBeCloseTo(numpy[t], 14));
  });
});

describe('filterUnlabeled and labelBuckets', () => {
  it('keeps the rows some LF voted on, with their probabilities (filter_unlabeled_dataframe)', () => {
    const probs = probMatrix([
      [0.9, 0.1],
      [0.5, 0.5],
      [0.2, 0.8],
      [0.4, 0.6],
    ]);
    const kept = filterUnlabeled(['a', 'b', 'c', 'd'], probs, L);
    expect(kept.rows).toEqual(['a', 'c', 'd']);
    expect(Array.from(kept.indices)).toEqual([0, 2, 3]);
    expect(Array.from(kept.probs.data)).toEqual([0.9, 0.1, 0.2, 0.8, 0.4, 0.6]);
    expect(() => filterUnlabeled(['a'], probs, L)).toThrow('filterUnlabeled: 1 rows and 4 probability rows for a label matrix of 4 rows');
  });

  it('groups row indices by their combination of labels (get_label_buckets)', () => {
    const buckets = labelBuckets([0, 1, 1, 0, 1], [0, 0, 1, 0, 0]);
    expect([...buckets.entries()]).toEqual([
      ['0,0', [0, 3]],
      ['1,0', [1, 4]],
      ['1,1', [2]],
    ]);
    expect(() => labelBuckets([0, 1], [0])).toThrow('labelBuckets: array 1 has 1 labels, array 0 has 2');
  });
});

describe('save and load', () => {
  it('writes a fitted model to a file and loads it back as the same type with the same probabilities', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lm-save-'));
    const snorkel = new SnorkelLabelModel({ cardinality: 2 });
    snorkel.fit(L, { nEpochs: 5, seed: 1 });
    await snorkel.save(path.join(dir, 'snorkel.json'));
    const ds = new DawidSkeneLabelModel({ cardinality: 2 });
    ds.fit(L);
    await ds.save(path.join(dir, 'ds.json'));
    for (const [file, model] of [
      ['snorkel.json', snorkel],
      ['ds.json', ds],
    ] as const) {
      const again = await loadLabelModel(path.join(dir, file));
      expect(again.type).toBe(model.type);
      expect(Array.from(again.predictProba(L).data)).toEqual(Array.from(model.predictProba(L).data));
    }
    writeFileSync(path.join(dir, 'broken.json'), '{"type": ');
    await expect(loadLabelModel(path.join(dir, 'broken.json'))).rejects.toThrow(`${path.join(dir, 'broken.json')}: not valid JSON`);
  });
});

describe('score metrics beyond accuracy and F1', () => {
  // Expected values: scikit-learn 1.x (fbeta_score, matthews_corrcoef, roc_auc_score, log_loss) on the same inputs.
  it('fbeta (β = 2), Matthews correlation (binary and 3 classes), ROC AUC (with ties) and log loss match scikit-learn', () => {
    expect(fbeta([0, 1, 1, 1], [1, 1, 1, 0], 2)).toBeCloseTo(0.6666666666666666, 15);
    expect(matthewsCorrcoef([0, 1, 1, 0], [0, 1, 0, 0])).toBeCloseTo(0.5773502691896258, 15);
    expect(matthewsCorrcoef([0, 1, 2, 2, 1], [0, 2, 2, 1, 1])).toBeCloseTo(0.375, 15);
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(rocAuc([0, 1, 1, 0, 1], [0.5, 0.5, 0.9, 0.2, 0.5])).toBeCloseTo(0.8333333333333333, 15);
    expect(logLoss([1, 0], [0.2, 0.8, 0.6, 0.4], 2)).toBeCloseTo(0.3669845875401002, 15);
  });

  it("are reachable through scoreMetrics and a model's score (roc_auc / log_loss on the probabilities of the scored rows)", () => {
    const golds = [0, 0, 1, 1];
    const probs = probMatrix([
      [0.9, 0.1],
      [0.6, 0.4],
      [0.65, 0.35],
      [0.2, 0.8],
    ]);
    const scores = scoreMetrics(golds, [0, 0, 0, 1], ['fbeta', 'matthews_corrcoef', 'roc_auc', 'log_loss'], { probs, beta: 1 });
    expect(scores.fbeta).toBeCloseTo(2 / 3, 15);
    expect(scores.matthews_corrcoef).toBeCloseTo(0.5773502691896258, 15);
    expect(scores.roc_auc).toBe(0.75);
    expect(scores.log_loss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4, 15);
    expect(() => scoreMetrics(golds, [0, 0, 0, 1], ['roc_auc'])).toThrow('metric "roc_auc" needs probabilities');
    const ds = new DawidSkeneLabelModel({ cardinality: 2 });
    ds.fit(L);
    expect(Object.keys(ds.score(L, [0, -1, 1, 1], ['matthews_corrcoef', 'log_loss'], 'random'))).toEqual(['matthews_corrcoef', 'log_loss']);
  });
});
