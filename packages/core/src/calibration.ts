// Expected calibration error: how far a model's confidence is from its accuracy, over equal-width confidence bins.

import type { ProbMatrix } from './labelMatrix.ts';

/**
 * ECE with `bins` equal-width bins on the top-class probability (Guo et al. 2017); rows with gold -1 are skipped.
 *
 * @example
 * expectedCalibrationError(probMatrix([[0.9, 0.1], [0.6, 0.4]]), [0, 1], 10) // (|0.9-1| + |0.6-0|) / 2 = 0.35
 */
export function expectedCalibrationError(probs: ProbMatrix, golds: ArrayLike<number>, bins = 10): number {
  const { n, k, data } = probs;
  const binCount = new Float64Array(bins);
  const binConf = new Float64Array(bins);
  const binCorrect = new Float64Array(bins);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const gold = golds[i];
    if (gold < 0) continue;
    let best = 0;
    let bestP = data[i * k];
    for (let c = 1; c < k; c++) {
      if (data[i * k + c] > bestP) {
        bestP = data[i * k + c];
        best = c;
      }
    }
    const b = Math.min(bins - 1, Math.floor(bestP * bins));
    binCount[b]++;
    binConf[b] += bestP;
    if (best === gold) binCorrect[b]++;
    total++;
  }
  if (total === 0) return 0;
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (binCount[b] > 0) ece += Math.abs(binConf[b] - binCorrect[b]);
  }
  return ece / total;
}
