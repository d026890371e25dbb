// The labeling function: a named rule that votes a class label or ABSTAIN on each data point (Snorkel's LabelingFunction).

import { ConfigError, LFApplyError } from './errors.ts';
import { ABSTAIN } from './labelMatrix.ts';
import type { DataPoint } from './post.ts';
import { runPreprocessors, type Preprocessor } from './preprocessor.ts';

/** Settings for {@link labelingFunction}; `P` is the point type the LF sees after its preprocessors. */
export interface LabelingFunctionOptions<P extends DataPoint = DataPoint, R = undefined> {
  /** Unique name: it names the LF's column in L, in the analysis and in errors. */
  readonly name: string;
  /** Votes on one point: a label `>= 0` or `ABSTAIN` (-1). */
  readonly apply: (point: P, resources: R) => number;
  /** Optional vectorised form: one vote per point, in order. Preprocessors run on each point first. */
  readonly applyBatch?: (points: readonly P[], resources: R) => ArrayLike<number>;
  /** Preprocessors run in order before `apply`. */
  readonly pre?: readonly Preprocessor<any, any>[];
  /** Passed as the second argument of `apply` (Snorkel's `resources`). */
  readonly resources?: R;
  /** The labels this LF may emit (besides ABSTAIN); any other vote is an error. */
  readonly labels?: readonly number[];
  /** Number of classes: votes must lie in 0..cardinality-1 (or be ABSTAIN). */
  readonly cardinality?: number;
}

/** A labeling function. Build one with {@link labelingFunction}. */
export class LabelingFunction {
  readonly name: string;
  readonly labels: readonly number[] | undefined;
  readonly cardinality: number | undefined;
  readonly pre: readonly Preprocessor<any, any>[];
  readonly resources: unknown;
  /** True when the LF was given a vectorised `applyBatch`. */
  readonly hasBatch: boolean;
  private readonly fn: (point: DataPoint, resources: unknown) => number;
  private readonly batchFn: ((points: readonly DataPoint[], resources: unknown) => ArrayLike<number>) | undefined;
  private readonly allowed: ReadonlySet<number> | undefined;

  constructor(options: LabelingFunctionOptions<any, any>) {
    if (typeof options.name !== 'string' || options.name.trim() === '') {
      throw new ConfigError('name', 'a labeling function needs a non-empty name', { name: options.name });
    }
    if (typeof options.apply !== 'function') {
      throw new ConfigError('apply', `labeling function "${options.name}": apply must be a function`, { lf: options.name });
    }
    if (options.cardinality !== undefined && !(Number.isInteger(options.cardinality) && options.cardinality >= 1)) {
      throw new ConfigError('cardinality', `labeling function "${options.name}": cardinality must be an integer >= 1, got ${options.cardinality}`, {
        lf: options.name,
      });
    }
    for (const l of options.labels ?? []) {
      if (!Number.isInteger(l) || l < 0 || (options.cardinality !== undefined && l >= options.cardinality)) {
        throw new ConfigError(
          'labels',
          `labeling function "${options.name}": declared label ${l} is not an integer in 0..${(options.cardinality ?? Infinity) - 1}`,
          { lf: options.name },
        );
      }
    }
    this.name = options.name;
    this.labels = options.labels;
    this.cardinality = options.cardinality;
    this.pre = options.pre ?? [];
    this.resources = options.resources;
    this.fn = options.apply;
    this.batchFn = options.applyBatch;
    this.hasBatch = options.applyBatch !== undefined;
    this.allowed = options.labels ? new Set(options.labels) : undefined;
  }

  /**
   * Runs the preprocessors and the rule on one point and checks the vote.
   * Errors thrown by the rule propagate unchanged; an invalid vote throws {@link LFApplyError}.
   */
  apply(point: DataPoint): number {
    const seen = this.pre.length === 0 ? point : runPreprocessors(this.pre, point);
    return this.checkVote(this.fn(seen, this.resources), point);
  }

  /** Votes on many points: the vectorised rule when given, else `apply` point by point. */
  applyBatch(points: readonly DataPoint[]): Int32Array {
    const out = new Int32Array(points.length);
    if (!this.batchFn) {
      for (let i = 0; i < points.length; i++) out[i] = this.apply(points[i]);
      return out;
    }
    const seen = this.pre.length === 0 ? points : points.map((p) => runPreprocessors(this.pre, p));
    const votes = this.batchFn(seen, this.resources);
    if (votes.length !== points.length) {
      throw new LFApplyError(`labeling function "${this.name}": applyBatch returned ${votes.length} votes for ${points.length} points`, { lf: this.name });
    }
    for (let i = 0; i < points.length; i++) out[i] = this.checkVote(votes[i], points[i]);
    return out;
  }

  /** Returns `vote` if it is ABSTAIN or a label this LF may emit; throws {@link LFApplyError} naming the LF and point otherwise. */
  checkVote(vote: number, point: DataPoint): number {
    if (vote === ABSTAIN) return vote;
    const ok =
      Number.isInteger(vote) &&
      vote >= 0 &&
      (this.cardinality === undefined || vote < this.cardinality) &&
      (this.allowed === undefined || this.allowed.has(vote));
    if (ok) return vote;
    throw new LFApplyError(`labeling function "${this.name}" returned ${String(vote)} for point "${point.id}": expected ${this.expectedVotes()}`, {
      lf: this.name,
      pointId: point.id,
      vote,
    });
  }

  private expectedVotes(): string {
    if (this.labels) return `one of [${this.labels.join(', ')}] or ABSTAIN (-1)`;
    if (this.cardinality !== undefined) return `an integer in 0..${this.cardinality - 1} or ABSTAIN (-1)`;
    return 'an integer label >= 0 or ABSTAIN (-1)';
  }
}

/**
 * Creates a labeling function (Snorkel's `@labeling_function()`).
 *
 * @example
 * const SPAM = 1;
 * const checkOut = labelingFunction({ name: 'check_out', labels: [SPAM], apply: (p) => (/check.*out/i.test(p.text) ? SPAM : ABSTAIN) });
 * checkOut.apply({ id: '1', text: 'Check out my channel' }); // 1
 */
export function labelingFunction<P extends DataPoint = DataPoint, R = undefined>(options: LabelingFunctionOptions<P, R>): LabelingFunction {
  return new LabelingFunction(options);
}

/** Throws a {@link ConfigError} naming the first duplicated LF name (columns of L are identified by name). */
export function assertUniqueNames(lfs: readonly { readonly name: string }[]): void {
  const first = new Map<string, number>();
  lfs.forEach((lf, j) => {
    const i = first.get(lf.name);
    if (i !== undefined) {
      throw new ConfigError(`lfs[${j}].name`, `duplicate labeling function name "${lf.name}" (already used by lfs[${i}])`, {
        name: lf.name,
        first: i,
        duplicate: j,
      });
    }
    first.set(lf.name, j);
  });
}
