// Seeded k-means++ seeding on typed-array rows (greedy, as scikit-learn): the initial centroids handed to ml-kmeans.

import { seededRandom } from '@skimmer/core';

function squaredDistance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) {
    const d = a[j] - b[j];
    s += d * d;
  }
  return s;
}

/** Index of the first cumulative weight above `target` (linear scan: k-means++ draws k times, so O(n·k) overall). */
function drawIndex(weights: Float64Array, target: number): number {
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i];
    if (acc > target) return i;
  }
  return weights.length - 1;
}

/**
 * Picks `k` distinct rows as initial centroids by greedy k-means++: each new centroid is the best (lowest total squared
 * distance) of `2 + ln k` candidates drawn with probability proportional to the squared distance to the nearest chosen one.
 * The same rows and seed always give the same centroids. Costs O(n·k·d·(2 + ln k)).
 *
 * ml-kmeans has this seeding too, but it goes through ml-matrix row copies and took 7.9 s where this takes 0.9 s
 * (1586 × 1024, k = 20); see docs/decisions.md.
 *
 * @example
 * kmeansPlusPlus([Float64Array.of(0, 0), Float64Array.of(0, 1), Float64Array.of(9, 9)], 2, 42); // row indices, e.g. [2, 0]
 */
export function kmeansPlusPlus(rows: readonly Float64Array[], k: number, seed: number): number[] {
  const n = rows.length;
  const rng = seededRandom(seed);
  const trials = 2 + Math.floor(Math.log(k));
  const chosen = [Math.floor(rng() * n)];
  const closest = Float64Array.from(rows, (row) => squaredDistance(row, rows[chosen[0]]));
  while (chosen.length < k) {
    const total = closest.reduce((a, b) => a + b, 0);
    let best: { index: number; cost: number; dist: Float64Array } | undefined;
    for (let t = 0; t < trials; t++) {
      const index = total > 0 ? drawIndex(closest, rng() * total) : Math.floor(rng() * n);
      const dist = new Float64Array(n);
      let cost = 0;
      for (let i = 0; i < n; i++) {
        dist[i] = Math.min(closest[i], squaredDistance(rows[i], rows[index]));
        cost += dist[i];
      }
      if (best === undefined || cost < best.cost) best = { index, cost, dist };
    }
    chosen.push(best!.index);
    closest.set(best!.dist);
  }
  return chosen;
}
