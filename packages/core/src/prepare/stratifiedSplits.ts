// Seeded stratified splits for dataset preparation: fixed-size test / val / LF splits with the label mix of the whole, the rest is train.

import { ConfigError } from '../errors.ts';
import { seededRandom, shuffleInPlace } from '../seededRandom.ts';

/** Sizes of the fixed splits; train takes every remaining item. */
export interface SplitSizes {
  /** LF development split (Snorkel's dev set). Default 1000. */
  lf?: number;
  /** Default 1000. */
  test?: number;
  /** Default 500. */
  val?: number;
}

/** Item positions of each split, ascending; every item is in exactly one. */
export interface SplitIndices {
  train: Int32Array;
  lf: Int32Array;
  test: Int32Array;
  val: Int32Array;
}

export const DEFAULT_SPLIT_SIZES: Readonly<Required<SplitSizes>> = { lf: 1000, test: 1000, val: 500 };

/**
 * How many items each stratum gives to a split of `size`: proportional to what the strata hold (largest
 * remainders), never more than a stratum has left.
 */
function allocate(size: number, available: Int32Array, total: number): Int32Array {
  const k = available.length;
  const take = new Int32Array(k);
  const remainders: Array<[number, number]> = [];
  let given = 0;
  for (let c = 0; c < k; c++) {
    const ideal = total === 0 ? 0 : (size * available[c]) / total;
    take[c] = Math.min(Math.floor(ideal), available[c]);
    given += take[c];
    remainders.push([ideal - Math.floor(ideal), c]);
  }
  remainders.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, c] of remainders) {
    if (given === size) break;
    if (take[c] < available[c]) {
      take[c]++;
      given++;
    }
  }
  for (let c = 0; given < size && c < k; c++) {
    const extra = Math.min(size - given, available[c] - take[c]);
    take[c] += extra;
    given += extra;
  }
  return take;
}

/**
 * Splits n items (stratum id per item, 0..k-1) into test, val, LF and train: each fixed split keeps the strata's
 * proportions (to rounding), shuffles are seeded (mulberry32 + Fisher-Yates), so a seed always gives the same splits.
 *
 * @example
 * const s = stratifiedSplits(Int32Array.from([0, 0, 1, 1, 0, 1]), { lf: 2, test: 2, val: 0 }, 7);
 * s.test.length; // 2 (one of each stratum)
 */
export function stratifiedSplits(strata: Int32Array, sizes: SplitSizes = {}, seed = 0): SplitIndices {
  const want = { ...DEFAULT_SPLIT_SIZES, ...sizes };
  const n = strata.length;
  for (const [name, size] of Object.entries(want)) {
    if (!Number.isInteger(size) || size < 0) throw new ConfigError(`prepare.splits.${name}`, `must be an integer >= 0, got ${size}`);
  }
  const fixed = want.test + want.val + want.lf;
  if (fixed > n) {
    throw new ConfigError('prepare.splits', `test + val + lf = ${fixed} items but only ${n} remain after deduplication`, { available: n });
  }
  let k = 0;
  for (let i = 0; i < n; i++) k = Math.max(k, strata[i] + 1);
  const members: Int32Array[] = [];
  const fill = new Int32Array(k);
  const counts = new Int32Array(k);
  for (let i = 0; i < n; i++) counts[strata[i]]++;
  for (let c = 0; c < k; c++) members.push(new Int32Array(counts[c]));
  for (let i = 0; i < n; i++) members[strata[i]][fill[strata[i]]++] = i;
  const rng = seededRandom(seed);
  for (const list of members) shuffleInPlace(list, rng);

  const cursor = new Int32Array(k);
  const available = counts.slice();
  let remaining = n;
  const draw = (size: number): Int32Array => {
    const take = allocate(size, available, remaining);
    const out = new Int32Array(size);
    let o = 0;
    for (let c = 0; c < k; c++) {
      out.set(members[c].subarray(cursor[c], cursor[c] + take[c]), o);
      o += take[c];
      cursor[c] += take[c];
      available[c] -= take[c];
    }
    remaining -= size;
    return out.sort();
  };
  const test = draw(want.test);
  const val = draw(want.val);
  const lf = draw(want.lf);
  const train = new Int32Array(remaining);
  let t = 0;
  for (let c = 0; c < k; c++) {
    train.set(members[c].subarray(cursor[c]), t);
    t += members[c].length - cursor[c];
  }
  return { train: train.sort(), lf, test, val };
}
