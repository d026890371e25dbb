// The first places of a seeded Fisher–Yates shuffle of 0 .. n-1 (core's shuffleInPlace with seededRandom), found in O(n) time and O(places) memory, without the n-sized array.

import { seededRandom } from '@skimmer/core';

/** seededRandom (mulberry32) adds this to its state before each draw, so draw t of seed s is the first draw of seed s + t·STEP. */
const MULBERRY_STEP = 0x6d2b79f5;

/**
 * What `shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i), seededRandom(seed))` puts at places 0 .. places-1
 * (all n when places ≥ n), in place order. Fisher–Yates from the end swaps place i with place j_i ≤ i, i = n-1 .. 1,
 * j_i from draw n-1-i. Replaying those swaps in the opposite order (i = 1 .. n-1) on a token per wanted place carries
 * each token from its place to the original index that ends up there; only the tokens are kept (a Map of `places`
 * entries), and draw n-1-i is computed on its own from the seed, since mulberry32's state is the seed plus a multiple
 * of a constant.
 *
 * @example
 * shuffledPrefix(1000, 7, 3); // the same 3 numbers as shuffleInPlace(0 .. 999, seededRandom(7)).slice(0, 3)
 */
export function shuffledPrefix(n: number, seed: number, places: number): Int32Array {
  const size = Math.max(0, Math.min(places, n));
  /** place → the place whose final value it will carry back to (its token). */
  const token = new Map<number, number>();
  for (let p = 0; p < size; p++) token.set(p, p);
  const base = seed >>> 0;
  for (let i = 1; i < n; i++) {
    const j = Math.floor(seededRandom((base + Math.imul(n - 1 - i, MULBERRY_STEP)) >>> 0)() * (i + 1));
    if (j === i) continue;
    const atI = token.get(i);
    const atJ = token.get(j);
    if (atI === undefined && atJ === undefined) continue;
    if (atJ === undefined) token.delete(i);
    else token.set(i, atJ);
    if (atI === undefined) token.delete(j);
    else token.set(j, atI);
  }
  const from = new Int32Array(size);
  for (const [index, place] of token) from[place] = index;
  return from;
}
