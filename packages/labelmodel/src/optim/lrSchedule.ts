// Learning-rate schedules (constant, linear, exponential, step, with linear warm-up) as snorkel drives torch's schedulers.

import { LabelModelError } from '@skimmer/core';

export type LrSchedulerName = 'constant' | 'linear' | 'exponential' | 'step';

/** Snorkel's `LRSchedulerConfig`; every field optional, defaults in brackets. */
export interface LrSchedulerConfig {
  /** Warm-up length [0]; a non-zero value needs `warmupUnit: 'epochs'`. */
  warmupSteps?: number;
  /** Unit of `warmupSteps` ['batches']: the label model only supports 'epochs', as in snorkel. */
  warmupUnit?: 'epochs' | 'batches';
  /** Warm-up as a fraction of nEpochs [0], used when warmupSteps is 0. */
  warmupPercentage?: number;
  /** Floor applied after each scheduler step [0 = none]. */
  minLr?: number;
  exponentialConfig?: { gamma?: number };
  stepConfig?: { stepSize?: number; gamma?: number };
}

export const LR_SCHEDULER_NAMES: readonly LrSchedulerName[] = ['constant', 'linear', 'exponential', 'step'];

/**
 * The learning rate for each epoch. `lr` is the rate for the coming step; call `afterEpoch(epoch)`
 * once each epoch's optimizer step is done (snorkel's `_update_lr_scheduler`). Warm-up raises the
 * rate linearly from 0 over `warmupSteps` epochs, then the named scheduler takes over. Quirks of
 * torch's chained schedulers are kept: with warm-up, 'linear' re-initialises the first epoch's rate
 * to the full `lr`, while 'constant', 'exponential' and 'step' start it at 0.
 *
 * @example
 * const s = new LrSchedule('step', 0.01, 100, { stepConfig: { stepSize: 5, gamma: 0.5 } });
 * for (let e = 0; e < 5; e++) s.afterEpoch(e); // s.lr === 0.005
 */
export class LrSchedule {
  /** Learning rate for the next optimizer step. */
  lr: number;
  /** Epochs of linear warm-up (0 = none). */
  readonly warmupSteps: number;
  private warmupDone = 0;
  private schedulerSteps = 0;
  private readonly gamma: number;
  private readonly stepSize: number;
  private readonly minLr: number;

  constructor(
    readonly name: string,
    readonly baseLr: number,
    readonly nEpochs: number,
    config: LrSchedulerConfig = {},
  ) {
    if (!(LR_SCHEDULER_NAMES as readonly string[]).includes(name)) {
      throw new LabelModelError(`unrecognized lr scheduler option '${name}': expected one of ${LR_SCHEDULER_NAMES.join(', ')}`, {
        field: 'lrScheduler',
        value: name,
      });
    }
    this.warmupSteps = warmupLength(nEpochs, config);
    this.minLr = config.minLr ?? 0;
    this.gamma = name === 'step' ? (config.stepConfig?.gamma ?? 0.9) : (config.exponentialConfig?.gamma ?? 0.9);
    this.stepSize = config.stepConfig?.stepSize ?? 5;
    if (name === 'step' && !(Number.isInteger(this.stepSize) && this.stepSize >= 1)) {
      throw new LabelModelError(`lrSchedulerConfig.stepConfig.stepSize must be an integer >= 1, got ${this.stepSize}`, {
        field: 'lrSchedulerConfig.stepConfig.stepSize',
      });
    }
    this.lr = this.warmupSteps > 0 ? 0 : baseLr;
    if (name === 'linear') this.lr = baseLr * this.linearFactor(0);
  }

  /** Advances the schedule after the optimizer step of `epoch` (0-based). */
  afterEpoch(epoch: number): void {
    if (this.warmupSteps > 0 && epoch < this.warmupSteps) {
      this.warmupDone += 1;
      this.lr = (this.baseLr * this.warmupDone) / this.warmupSteps;
      return;
    }
    if (this.name === 'constant') return;
    this.schedulerSteps += 1;
    if (this.name === 'linear') this.lr = this.baseLr * this.linearFactor(this.schedulerSteps);
    else if (this.name === 'exponential') this.lr *= this.gamma;
    else if (this.schedulerSteps % this.stepSize === 0) this.lr *= this.gamma;
    if (this.minLr && this.lr < this.minLr) this.lr = this.minLr;
  }

  private linearFactor(step: number): number {
    const span = this.nEpochs - this.warmupSteps;
    return span > 0 ? (span - step) / span : 0;
  }
}

/** Warm-up epochs from `warmupSteps` (unit 'epochs' only) or `warmupPercentage · nEpochs`, as snorkel. */
function warmupLength(nEpochs: number, config: LrSchedulerConfig): number {
  const steps = config.warmupSteps ?? 0;
  if (steps) {
    if (!(steps >= 0)) {
      throw new LabelModelError(`lrSchedulerConfig.warmupSteps must be >= 0, got ${steps}`, { field: 'lrSchedulerConfig.warmupSteps' });
    }
    const unit = config.warmupUnit ?? 'batches';
    if (unit !== 'epochs') {
      throw new LabelModelError(`the label model does not support warmupUnit '${unit}': set lrSchedulerConfig.warmupUnit to 'epochs' (one step per epoch)`, {
        field: 'lrSchedulerConfig.warmupUnit',
        value: unit,
      });
    }
    return Math.trunc(steps);
  }
  const percentage = config.warmupPercentage ?? 0;
  if (percentage) {
    if (!(percentage >= 0 && percentage <= 1)) {
      throw new LabelModelError(`lrSchedulerConfig.warmupPercentage must be in [0, 1], got ${percentage}`, {
        field: 'lrSchedulerConfig.warmupPercentage',
      });
    }
    return Math.trunc(percentage * nEpochs);
  }
  return 0;
}
