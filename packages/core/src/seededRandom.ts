// Seeded pseudo-random numbers (mulberry32) and a Fisher-Yates shuffle, so every random choice in Skimmer is reproducible.

/**
 * A fast 32-bit seeded generator returning floats in [0, 1).
 *
 * @example
 * const rng = seededRandom(42);
 * rng(); // the same sequence for the same seed
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles `items` in place with the Fisher-Yates algorithm driven by `rng`; returns the same array. */
export function shuffleInPlace<T extends { length: number; [i: number]: any }>(items: T, rng: () => number): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}
