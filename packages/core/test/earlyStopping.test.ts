// Specification of trainWithEarlyStopping: epochs run, patience, the best epoch kept and restored, what onProgress hears.

import { describe, expect, it } from 'vitest';
import { trainWithEarlyStopping, type ProbMatrix } from '../src/index.ts';

// Validation gold [0, 1]: predicting both rows right scores macro F1 1, predicting class 0 for both scores 1/3
// (class 0: precision 1/2, recall 1, F1 2/3; class 1: F1 0).
const validation = { texts: ['a', 'b'], labels: Int32Array.of(0, 1) };
const RIGHT: ProbMatrix = { n: 2, k: 2, data: Float64Array.of(0.9, 0.1, 0.2, 0.8) };
const ALL_ZERO: ProbMatrix = { n: 2, k: 2, data: Float64Array.of(0.9, 0.1, 0.7, 0.3) };

/** A fake model whose weights are the epoch last run and whose predictions per epoch are `outputs[epoch - 1]`. */
function fakeModel(outputs: readonly ProbMatrix[]) {
  let weights = 0;
  const progress: Array<[number, { loss: number; validationMacroF1?: number }]> = [];
  const released: number[] = [];
  return {
    progress,
    released,
    runEpoch: async (epoch: number) => {
      weights = epoch;
      return 1 / epoch;
    },
    predictProba: async (texts: readonly string[]) => {
      expect(texts).toEqual(validation.texts);
      return outputs[weights - 1];
    },
    snapshot: () => weights,
    release: (w: number) => released.push(w),
    onProgress: (epoch: number, info: { loss: number; validationMacroF1?: number }) => progress.push([epoch, info]),
  };
}

describe('trainWithEarlyStopping', () => {
  it('stops `patience` epochs after the best one and returns its weights', async () => {
    const model = fakeModel([ALL_ZERO, RIGHT, ALL_ZERO, ALL_ZERO, RIGHT]);
    const { report, best } = await trainWithEarlyStopping({ epochs: 10, patience: 2, validation, ...model });
    expect(report).toEqual({ epochs: 4, bestEpoch: 2, loss: 1 / 4, validationMacroF1: 1 });
    expect(best).toBe(2);
    expect(model.released).toEqual([1]);
    expect(model.progress).toEqual([
      [1, { loss: 1, validationMacroF1: 1 / 3 }],
      [2, { loss: 1 / 2, validationMacroF1: 1 }],
      [3, { loss: 1 / 3, validationMacroF1: 1 / 3 }],
      [4, { loss: 1 / 4, validationMacroF1: 1 / 3 }],
    ]);
  });

  it('keeps the first of equal scores, and runs every epoch while patience lasts', async () => {
    const model = fakeModel([RIGHT, ALL_ZERO, RIGHT]);
    const { report, best } = await trainWithEarlyStopping({ epochs: 3, patience: 3, validation, ...model });
    expect(report).toEqual({ epochs: 3, bestEpoch: 1, loss: 1 / 3, validationMacroF1: 1 });
    expect(best).toBe(1);
    expect(model.released).toEqual([]);
    expect(model.progress.map(([epoch]) => epoch)).toEqual([1, 2, 3]);
  });

  it('patience 1 stops at the first epoch that is no better', async () => {
    const model = fakeModel([ALL_ZERO, ALL_ZERO, RIGHT]);
    const { report, best } = await trainWithEarlyStopping({ epochs: 3, patience: 1, validation, ...model });
    expect(report).toEqual({ epochs: 2, bestEpoch: 1, loss: 1 / 2, validationMacroF1: 1 / 3 });
    expect(best).toBe(1);
  });

  it('without validation runs every epoch and keeps the last weights (no copy)', async () => {
    const model = fakeModel([]);
    const { report, best } = await trainWithEarlyStopping({ epochs: 3, patience: 1, ...model });
    expect(report).toEqual({ epochs: 3, bestEpoch: 3, loss: 1 / 3, validationMacroF1: undefined });
    expect(best).toBeUndefined();
    expect(model.progress).toEqual([
      [1, { loss: 1, validationMacroF1: undefined }],
      [2, { loss: 1 / 2, validationMacroF1: undefined }],
      [3, { loss: 1 / 3, validationMacroF1: undefined }],
    ]);
  });
});
