// Specification of the optimizers and learning-rate schedules the LabelModel trains with (torch's update rules).

import { describe, expect, it } from 'vitest';
import { LabelModelError } from '@skimmer/core';
import { createOptimizer } from '../src/optim/optimizers.ts';
import { LrSchedule } from '../src/optim/lrSchedule.ts';
import type { LrSchedulerConfig } from '../src/optim/lrSchedule.ts';

/** The learning rate used at each of nEpochs epochs. */
function rates(name: string, nEpochs: number, config: LrSchedulerConfig = {}, lr = 0.01): number[] {
  const schedule = new LrSchedule(name, lr, nEpochs, config);
  const out: number[] = [];
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    out.push(Number(schedule.lr.toFixed(12)));
    schedule.afterEpoch(epoch);
  }
  return out;
}

describe('optimizers', () => {
  it('sgd steps p -= lr·g, then accumulates momentum 0.9', () => {
    const p = Float64Array.of(1, -1);
    const sgd = createOptimizer('sgd', 2);
    sgd.step(p, Float64Array.of(2, -4), 0.1);
    expect(Array.from(p)).toEqual([1 - 0.2, -1 + 0.4]);
    sgd.step(p, Float64Array.of(1, 1), 0.1);
    expect(p[0]).toBeCloseTo(0.8 - 0.1 * (0.9 * 2 + 1), 12);
    expect(p[1]).toBeCloseTo(-0.6 - 0.1 * (0.9 * -4 + 1), 12);
  });

  it('sgd adds weight decay l2·p to the gradient', () => {
    const p = Float64Array.of(2);
    createOptimizer('sgd', 1, { weightDecay: 0.5 }).step(p, Float64Array.of(1), 0.1);
    expect(p[0]).toBeCloseTo(2 - 0.1 * (1 + 0.5 * 2), 12);
  });

  it('adam and adamax move each parameter by lr · g / (|g| + eps) on their first step', () => {
    for (const name of ['adam', 'adamax']) {
      const p = Float64Array.of(1, 1);
      createOptimizer(name, 2).step(p, Float64Array.of(3, -0.5), 0.01);
      expect(p[0]).toBeCloseTo(0.99, 9);
      expect(p[1]).toBeCloseTo(1.01, 9);
    }
  });

  it('rejects an unknown optimizer by name', () => {
    expect(() => createOptimizer('rmsprop', 1)).toThrow(LabelModelError);
    expect(() => createOptimizer('rmsprop', 1)).toThrow("unrecognized optimizer option 'rmsprop': expected one of sgd, adam, adamax");
  });
});

describe('LrSchedule', () => {
  it('constant keeps lr', () => {
    expect(rates('constant', 3)).toEqual([0.01, 0.01, 0.01]);
  });

  it('linear decays to 0 over nEpochs', () => {
    expect(rates('linear', 4)).toEqual([0.01, 0.0075, 0.005, 0.0025]);
  });

  it('exponential multiplies by gamma (0.9) each epoch', () => {
    expect(rates('exponential', 3)).toEqual([0.01, 0.009, 0.0081]);
  });

  it('step multiplies by gamma every stepSize epochs', () => {
    expect(rates('step', 5, { stepConfig: { stepSize: 2, gamma: 0.5 } })).toEqual([0.01, 0.01, 0.005, 0.005, 0.0025]);
  });

  it('never goes below minLr', () => {
    expect(rates('exponential', 4, { minLr: 0.0085 })).toEqual([0.01, 0.009, 0.0085, 0.0085]);
  });

  it('warms up linearly from 0 over warmupSteps epochs (snorkel test_warmup: 3 steps)', () => {
    const schedule = new LrSchedule('constant', 0.01, 5, { warmupSteps: 3, warmupUnit: 'epochs' });
    expect(schedule.warmupSteps).toBe(3);
    expect(rates('constant', 5, { warmupSteps: 3, warmupUnit: 'epochs' }, 0.03)).toEqual([0, 0.01, 0.02, 0.03, 0.03]);
  });

  it('derives warm-up from warmupPercentage · nEpochs (3/5 of 5 epochs = 3)', () => {
    expect(new LrSchedule('constant', 0.01, 5, { warmupPercentage: 3 / 5 }).warmupSteps).toBe(3);
  });

  it('continues with the scheduler after warm-up', () => {
    expect(rates('exponential', 5, { warmupSteps: 2, warmupUnit: 'epochs' }, 0.02)).toEqual([0, 0.01, 0.02, 0.018, 0.0162]);
  });

  it("rejects warm-up counted in 'batches' (the label model has one batch per epoch)", () => {
    expect(() => new LrSchedule('constant', 0.01, 5, { warmupSteps: 1, warmupUnit: 'batches' })).toThrow(/does not support warmupUnit 'batches'/);
  });

  it('rejects an unknown scheduler by name', () => {
    expect(() => new LrSchedule('cosine', 0.01, 5)).toThrow("unrecognized lr scheduler option 'cosine': expected one of constant, linear, exponential, step");
  });
});
