// First-order optimizers (SGD with momentum, Adam, Adamax) with PyTorch's update rules, on flat Float64Array parameters.

import { LabelModelError } from '@skimmer/core';

/** Updates parameters in place from their gradient; `lr` may change every step (schedulers). */
export interface Optimizer {
  step(params: Float64Array, grad: Float64Array, lr: number): void;
}

export type OptimizerName = 'sgd' | 'adam' | 'adamax';

/** Settings shared by the optimizers; defaults are snorkel's `OptimizerConfig`. */
export interface OptimizerConfig {
  /** L2 weight decay added to the gradient (`weight_decay` in torch; snorkel passes its `l2`). */
  weightDecay?: number;
  /** SGD momentum (snorkel default 0.9). */
  momentum?: number;
  /** Adam / Adamax moment decay rates (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** Adam / Adamax denominator epsilon (default 1e-8). */
  eps?: number;
}

export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'adam', 'adamax'];

/**
 * Builds the named optimizer for `size` parameters.
 *
 * @example
 * const opt = createOptimizer('adam', 4);
 * opt.step(params, grad, 0.01);
 */
export function createOptimizer(name: string, size: number, config: OptimizerConfig = {}): Optimizer {
  const weightDecay = config.weightDecay ?? 0;
  const [beta1, beta2] = config.betas ?? [0.9, 0.999];
  const eps = config.eps ?? 1e-8;
  switch (name) {
    case 'sgd':
      return new SgdOptimizer(size, config.momentum ?? 0.9, weightDecay);
    case 'adam':
      return new AdamOptimizer(size, beta1, beta2, eps, weightDecay);
    case 'adamax':
      return new AdamaxOptimizer(size, beta1, beta2, eps, weightDecay);
    default:
      throw new LabelModelError(`unrecognized optimizer option '${name}': expected one of ${OPTIMIZER_NAMES.join(', ')}`, {
        field: 'optimizer',
        value: name,
      });
  }
}

/** torch.optim.SGD (dampening 0, no Nesterov): buf = μ·buf + g (buf = g on the first step); p -= lr·buf. */
export class SgdOptimizer implements Optimizer {
  private readonly buf: Float64Array;
  private started = false;
  constructor(
    size: number,
    private readonly momentum: number,
    private readonly weightDecay: number,
  ) {
    this.buf = new Float64Array(size);
  }
  step(params: Float64Array, grad: Float64Array, lr: number): void {
    const { buf, momentum, weightDecay } = this;
    for (let t = 0; t < params.length; t++) {
      const g = grad[t] + weightDecay * params[t];
      buf[t] = momentum === 0 ? g : this.started ? momentum * buf[t] + g : g;
      params[t] -= lr * buf[t];
    }
    this.started = true;
  }
}

/** Shared state of Adam and Adamax: first moment, a second-moment estimate, the step count and the settings. */
abstract class MomentOptimizer implements Optimizer {
  protected readonly m1: Float64Array;
  protected readonly m2: Float64Array;
  protected t = 0;
  constructor(
    size: number,
    protected readonly beta1: number,
    protected readonly beta2: number,
    protected readonly eps: number,
    protected readonly weightDecay: number,
  ) {
    this.m1 = new Float64Array(size);
    this.m2 = new Float64Array(size);
  }
  abstract step(params: Float64Array, grad: Float64Array, lr: number): void;
}

/** torch.optim.Adam (amsgrad off, L2 weight decay added to the gradient). */
export class AdamOptimizer extends MomentOptimizer {
  step(params: Float64Array, grad: Float64Array, lr: number): void {
    const { m1, m2, beta1, beta2, eps, weightDecay } = this;
    this.t += 1;
    const stepSize = lr / (1 - beta1 ** this.t);
    const sqrtBias2 = Math.sqrt(1 - beta2 ** this.t);
    for (let i = 0; i < params.length; i++) {
      const g = grad[i] + weightDecay * params[i];
      m1[i] = beta1 * m1[i] + (1 - beta1) * g;
      m2[i] = beta2 * m2[i] + (1 - beta2) * g * g;
      params[i] -= (stepSize * m1[i]) / (Math.sqrt(m2[i]) / sqrtBias2 + eps);
    }
  }
}

/** torch.optim.Adamax: the second moment is an infinity norm, u = max(β₂·u, |g| + eps). */
export class AdamaxOptimizer extends MomentOptimizer {
  step(params: Float64Array, grad: Float64Array, lr: number): void {
    const { m1, m2: uInf, beta1, beta2, eps, weightDecay } = this;
    this.t += 1;
    const clr = lr / (1 - beta1 ** this.t);
    for (let i = 0; i < params.length; i++) {
      const g = grad[i] + weightDecay * params[i];
      m1[i] = beta1 * m1[i] + (1 - beta1) * g;
      uInf[i] = Math.max(beta2 * uInf[i], Math.abs(g) + eps);
      params[i] -= (clr * m1[i]) / uInf[i];
    }
  }
}
