// Names each cluster's class from dev gold labels: the majority label when the cluster is pure enough and has enough gold.

import { ABSTAIN } from '@skimmer/core';

/** Settings for {@link labelClusters}. */
export interface ClusterLabelRule {
  readonly k: number;
  readonly cardinality: number;
  /** Share of the cluster's gold points that must carry the majority label (default 0.8). */
  readonly minPurity: number;
  /** Gold points the cluster needs before it gets a label (default 3). */
  readonly minClusterGold: number;
}

/** What the dev gold says about one cluster. */
export interface ClusterLabel {
  readonly cluster: number;
  /** The majority gold label, or ABSTAIN when the cluster is too mixed or has too little gold. */
  readonly label: number;
  /** Gold points (of known label) that fell in the cluster. */
  readonly gold: number;
  /** Share of them that carry the majority label (0 when none). */
  readonly purity: number;
}

/**
 * Labels each cluster with the majority gold label of the dev points assigned to it (cluster -1 and gold ABSTAIN are
 * skipped), when its purity ≥ `minPurity` and it holds ≥ `minClusterGold` gold points; ties go to the smaller label.
 *
 * @example
 * labelClusters(Int32Array.of(0, 0, 0, 1), Int32Array.of(1, 1, 1, 0), { k: 2, cardinality: 2, minPurity: 0.8, minClusterGold: 3 });
 * // [{ cluster: 0, label: 1, gold: 3, purity: 1 }, { cluster: 1, label: -1, gold: 1, purity: 1 }]
 */
export function labelClusters(assignments: ArrayLike<number>, gold: ArrayLike<number>, rule: ClusterLabelRule): ClusterLabel[] {
  const { k, cardinality } = rule;
  const counts = new Int32Array(k * cardinality);
  for (let i = 0; i < assignments.length; i++) {
    const c = assignments[i];
    const y = gold[i];
    if (c >= 0 && y >= 0 && y < cardinality) counts[c * cardinality + y]++;
  }
  return Array.from({ length: k }, (_, cluster) => {
    const row = counts.subarray(cluster * cardinality, (cluster + 1) * cardinality);
    let majority = 0;
    let total = 0;
    for (let y = 0; y < cardinality; y++) {
      total += row[y];
      if (row[y] > row[majority]) majority = y;
    }
    const purity = total === 0 ? 0 : row[majority] / total;
    const labelled = total >= rule.minClusterGold && purity >= rule.minPurity;
    return { cluster, label: labelled ? majority : ABSTAIN, gold: total, purity };
  });
}
