// Preprocessors: map a data point to an enriched point before a labeling function sees it, optionally memoised.

import type { DataPoint } from './post.ts';

/** Settings for {@link preprocessor}. */
export interface PreprocessorOptions<I extends DataPoint, O extends DataPoint> {
  readonly name: string;
  /** Returns the enriched point (a new object; the input point is left as it is). */
  readonly fn: (point: I) => O;
  /** Cache results so LFs sharing this preprocessor compute it once per point. Default false. */
  readonly memoize?: boolean;
  /** Cache key of a point; default its `id`. */
  readonly memoKey?: (point: I) => string | number;
}

/** A named point → point mapping run before a labeling function (Snorkel's `@preprocessor`). */
export class Preprocessor<I extends DataPoint = DataPoint, O extends DataPoint = DataPoint> {
  readonly name: string;
  readonly memoize: boolean;
  private readonly fn: (point: I) => O;
  private readonly memoKey: (point: I) => string | number;
  private readonly cache = new Map<string | number, O>();

  constructor(options: PreprocessorOptions<I, O>) {
    this.name = options.name;
    this.fn = options.fn;
    this.memoize = options.memoize ?? false;
    this.memoKey = options.memoKey ?? ((point) => point.id);
  }

  /** Maps one point, reading and filling the cache when memoised. */
  run(point: I): O {
    if (!this.memoize) return this.fn(point);
    const key = this.memoKey(point);
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const out = this.fn(point);
    this.cache.set(key, out);
    return out;
  }

  /** Number of cached results (0 unless memoised). */
  get cacheSize(): number {
    return this.cache.size;
  }

  /** Drops every cached result, e.g. between datasets whose ids could collide. */
  clearCache(): void {
    this.cache.clear();
  }
}

/**
 * Creates a preprocessor.
 *
 * @example
 * const lower = preprocessor({ name: 'lower', memoize: true, fn: (p) => ({ ...p, lower: p.text.toLowerCase() }) });
 * lower.run({ id: '1', text: 'Check My Channel' }).lower; // 'check my channel'
 */
export function preprocessor<I extends DataPoint = DataPoint, O extends DataPoint = DataPoint>(options: PreprocessorOptions<I, O>): Preprocessor<I, O> {
  return new Preprocessor(options);
}

/** Runs preprocessors in order, each on the previous one's output. */
export function runPreprocessors(pre: readonly Preprocessor<any, any>[], point: DataPoint): DataPoint {
  let out = point;
  for (const p of pre) out = p.run(out);
  return out;
}
