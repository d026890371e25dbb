// Pure ordering keys of records: a seeded random rank (random order and the evaluation slice) and the uncertainty margin.

/**
 * A deterministic rank in [0, 1) for a record id under a seed (FNV-1a, then a murmur3 finaliser).
 * The same seed always gives the same order, whatever order the records arrive in.
 *
 * @example
 * seededRank(7, 'abc') === seededRank(7, 'abc') // true
 */
export function seededRank(seed: number, id: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

/**
 * The margin between the two most probable classes: small means uncertain (active learning tags these first).
 * Null when fewer than two probabilities are given.
 *
 * @example
 * uncertaintyMargin([0.55, 0.45]) // 0.1 (up to rounding)
 * uncertaintyMargin([0.1, 0.2, 0.7]) // 0.5 (up to rounding)
 */
export function uncertaintyMargin(probabilities: readonly number[]): number | null {
  if (probabilities.length < 2) return null;
  let first = -Infinity;
  let second = -Infinity;
  for (const p of probabilities) {
    if (p > first) {
      second = first;
      first = p;
    } else if (p > second) {
      second = p;
    }
  }
  return first - second;
}
