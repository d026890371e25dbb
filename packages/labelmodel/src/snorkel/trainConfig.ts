// Settings of SnorkelLabelModel.fit: snorkel 0.9.x TrainConfig defaults, checked and resolved into one object.

import { LabelModelError } from '@skimmer/core';
import type { LabelModelFitOptions } from '@skimmer/core';
import type { OptimizerConfig } from '../optim/optimizers.ts';
import type { LrSchedulerConfig } from '../optim/lrSchedule.ts';

/** Options of `SnorkelLabelModel.fit`; names are snorkel's in camelCase, defaults in brackets. */
export interface SnorkelFitOptions extends LabelModelFitOptions {
  /** P(Y = c), k entries summing to 1 [uniform]. */
  classBalance?: ArrayLike<number>;
  /** Gold dev labels: when `classBalance` is absent, the class balance is their class shares (snorkel's `Y_dev`). */
  Ydev?: ArrayLike<number>;
  /** Optimisation steps; one step per epoch [100]. */
  nEpochs?: number;
  /** Base learning rate [0.01]. */
  lr?: number;
  /** Centred L2 strength toward μ_init, also the optimizer's weight decay [0]. */
  l2?: number;
  /** 'sgd' (momentum 0.9) | 'adam' | 'adamax' ['sgd']. */
  optimizer?: string;
  /** Momentum, betas, eps of the optimizer. */
  optimizerConfig?: Omit<OptimizerConfig, 'weightDecay'>;
  /** 'constant' | 'linear' | 'exponential' | 'step' ['constant']. */
  lrScheduler?: string;
  lrSchedulerConfig?: LrSchedulerConfig;
  /** LF precision prior, one number or one per LF [0.7]. */
  precInit?: number | ArrayLike<number>;
  /** Clamp learned μ to [muEps, 1 − muEps] [min(0.01, 10^−ceil(log10 n))]. */
  muEps?: number;
  /** Seed of the random scale of μ's start (numpy-compatible: same seed, same start as snorkel) [123]. */
  seed?: number;
  /** Report the loss every this many epochs to onProgress / the progress bar [10]. */
  logFreq?: number;
  /** Print the loss to stderr every logFreq epochs [false]. */
  progressBar?: boolean;
  onProgress?: (epoch: number, loss: number) => void;
  /**
   * How each epoch's loss and gradient are computed: 'sparse' (default) in O(nnz(O)·k + m·k³) from the non-zero
   * overlaps, 'dense' snorkel's O((mk)²·k) way. The two agree to rounding (same predictions on WRENCH youtube, sms, trec).
   */
  objective?: 'sparse' | 'dense';
}

/** Fit settings with every default filled in and every value checked. */
export interface ResolvedTrainConfig {
  nEpochs: number;
  lr: number;
  l2: number;
  optimizer: string;
  optimizerConfig: Omit<OptimizerConfig, 'weightDecay'>;
  lrScheduler: string;
  lrSchedulerConfig: LrSchedulerConfig;
  precInit: Float64Array;
  muEps: number;
  seed: number;
  logFreq: number;
  progressBar: boolean;
  onProgress?: (epoch: number, loss: number) => void;
  objective: 'sparse' | 'dense';
}

/** Snorkel's default clamp: min(0.01, 1 / 10^ceil(log10 n)). */
export function defaultMuEps(n: number): number {
  return Math.min(0.01, 1 / 10 ** Math.ceil(Math.log10(n)));
}

const KNOWN_OPTIONS = new Set([
  'classBalance',
  'Ydev',
  'nEpochs',
  'lr',
  'l2',
  'optimizer',
  'optimizerConfig',
  'lrScheduler',
  'lrSchedulerConfig',
  'precInit',
  'muEps',
  'seed',
  'objective',
  'logFreq',
  'progressBar',
  'onProgress',
]);

/** Fills in snorkel's defaults and checks every fit option for `m` LFs and `n` rows; unknown names are errors. */
export function resolveTrainConfig(options: SnorkelFitOptions, m: number, n: number): ResolvedTrainConfig {
  for (const name of Object.keys(options)) {
    if (KNOWN_OPTIONS.has(name) || options[name] === undefined) continue;
    const camel = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const hint = KNOWN_OPTIONS.has(camel) ? ` (did you mean '${camel}'?)` : '';
    throw new LabelModelError(`unknown fit option '${name}'${hint}: expected one of ${[...KNOWN_OPTIONS].join(', ')}`, { field: name });
  }
  const objective = options.objective ?? 'sparse';
  if (objective !== 'sparse' && objective !== 'dense') fail('objective', objective, "'sparse' or 'dense'");
  const nEpochs = options.nEpochs ?? 100;
  if (!Number.isInteger(nEpochs) || nEpochs < 0) fail('nEpochs', nEpochs, 'an integer >= 0');
  const lr = options.lr ?? 0.01;
  if (!(Number.isFinite(lr) && lr >= 0)) fail('lr', lr, 'a finite number >= 0');
  const l2 = options.l2 ?? 0;
  if (!(typeof l2 === 'number' && Number.isFinite(l2) && l2 >= 0)) fail('l2', l2, 'a finite number >= 0');
  const muEps = options.muEps ?? defaultMuEps(n);
  if (!(muEps >= 0 && muEps < 0.5)) fail('muEps', muEps, 'a number in [0, 0.5)');
  const seed = options.seed ?? 123;
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) fail('seed', seed, 'an integer in [0, 2^32 - 1]');
  const logFreq = options.logFreq ?? 10;
  if (!(Number.isInteger(logFreq) && logFreq >= 1)) fail('logFreq', logFreq, 'an integer >= 1');
  return {
    nEpochs,
    lr,
    l2,
    optimizer: options.optimizer ?? 'sgd',
    optimizerConfig: options.optimizerConfig ?? {},
    lrScheduler: options.lrScheduler ?? 'constant',
    lrSchedulerConfig: options.lrSchedulerConfig ?? {},
    precInit: resolvePrecInit(options.precInit ?? 0.7, m),
    muEps,
    seed,
    logFreq,
    progressBar: options.progressBar ?? false,
    onProgress: options.onProgress,
    objective,
  };
}

/**
 * Snorkel's class balance from `Y_dev`: each class's share of the gold labels (-1 entries skipped). A class that
 * never occurs is a LabelModelError (its prior would be 0), as in snorkel.
 *
 * @example
 * classBalanceFromDev([0, 1, 1, 1], 2); // Float64Array [0.25, 0.75]
 */
export function classBalanceFromDev(Ydev: ArrayLike<number>, k: number): Float64Array {
  const counts = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < Ydev.length; i++) {
    const y = Ydev[i];
    if (y === -1) continue;
    if (!(Number.isInteger(y) && y >= 0 && y < k))
      throw new LabelModelError(`Ydev[${i}] = ${y}: expected -1 (unlabelled) or a label 0..${k - 1}`, { field: 'Ydev', row: i });
    counts[y]++;
    total++;
  }
  if (total === 0) throw new LabelModelError('Ydev has no gold labels (every entry is -1)', { field: 'Ydev' });
  const missing = Array.from(counts.keys()).filter((c) => counts[c] === 0);
  if (missing.length > 0) throw new LabelModelError(`Ydev has no row of class(es) ${missing.join(', ')}: their prior would be 0`, { field: 'Ydev', missing });
  return counts.map((c) => c / total);
}

/** `classBalance` when given, else the class shares of `Ydev` when given, else uniform; checked as `resolveClassBalance`. */
export function resolveClassBalanceOrDev(classBalance: ArrayLike<number> | undefined, Ydev: ArrayLike<number> | undefined, k: number): Float64Array {
  return resolveClassBalance(classBalance ?? (Ydev === undefined ? undefined : classBalanceFromDev(Ydev, k)), k);
}

/**
 * Checks the class prior: k finite entries, each > 0, summing to 1 (±1e-6). Uniform when absent.
 *
 * @example
 * resolveClassBalance([0.6, 0.4], 2); // Float64Array [0.6, 0.4]
 */
export function resolveClassBalance(classBalance: ArrayLike<number> | undefined, k: number): Float64Array {
  if (classBalance === undefined) return new Float64Array(k).fill(1 / k);
  const p = Float64Array.from(classBalance);
  if (p.length !== k) {
    throw new LabelModelError(`classBalance has ${p.length} entries: expected one per class (cardinality ${k})`, {
      field: 'classBalance',
      length: p.length,
      cardinality: k,
    });
  }
  let sum = 0;
  for (let c = 0; c < k; c++) {
    if (!(Number.isFinite(p[c]) && p[c] > 0)) {
      throw new LabelModelError(`classBalance[${c}] = ${p[c]}: every class prior must be > 0`, { field: 'classBalance', class: c });
    }
    sum += p[c];
  }
  if (Math.abs(sum - 1) > 1e-6) {
    throw new LabelModelError(`classBalance sums to ${sum}: expected 1`, { field: 'classBalance', sum });
  }
  return p;
}

function resolvePrecInit(precInit: number | ArrayLike<number>, m: number): Float64Array {
  const values = typeof precInit === 'number' ? new Float64Array(m).fill(precInit) : Float64Array.from(precInit);
  if (values.length !== m) {
    throw new LabelModelError(`precInit has ${values.length} entries: expected one number or one per LF (${m})`, {
      field: 'precInit',
      length: values.length,
      m,
    });
  }
  for (let j = 0; j < m; j++) if (!Number.isFinite(values[j])) fail(`precInit[${j}]`, values[j], 'a finite number');
  return values;
}

function fail(field: string, value: unknown, expected: string): never {
  throw new LabelModelError(`${field} = ${String(value)}: expected ${expected}`, { field, value });
}
