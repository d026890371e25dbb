// Specification of labelClusters: majority gold label per cluster, gated by purity and gold count.

import { describe, expect, test } from 'vitest';
import { ABSTAIN } from '@skimmer/core';
import { labelClusters } from '../src/index.ts';

const rule = { k: 3, cardinality: 2, minPurity: 0.8, minClusterGold: 3 };

describe('labelClusters', () => {
  test('labels a pure cluster with its majority gold label', () => {
    expect(labelClusters(Int32Array.of(0, 0, 0, 0, 0), Int32Array.of(1, 1, 1, 1, 0), rule)[0]).toEqual({ cluster: 0, label: 1, gold: 5, purity: 0.8 });
  });

  test('abstains on a cluster below minPurity', () => {
    expect(labelClusters(Int32Array.of(1, 1, 1, 1), Int32Array.of(1, 1, 1, 0), { ...rule, minPurity: 0.9 })[1]).toEqual({
      cluster: 1,
      label: ABSTAIN,
      gold: 4,
      purity: 0.75,
    });
  });

  test('abstains on a cluster with fewer than minClusterGold gold points', () => {
    expect(labelClusters(Int32Array.of(2, 2), Int32Array.of(0, 0), rule)[2]).toEqual({ cluster: 2, label: ABSTAIN, gold: 2, purity: 1 });
  });

  test('a cluster without gold gets purity 0 and abstains', () => {
    expect(labelClusters(Int32Array.of(0), Int32Array.of(1), rule)[1]).toEqual({ cluster: 1, label: ABSTAIN, gold: 0, purity: 0 });
  });

  test('skips points in no cluster (-1) and points without gold (-1)', () => {
    expect(labelClusters(Int32Array.of(-1, 0, 0, 0, 0), Int32Array.of(0, 1, 1, 1, -1), rule)[0]).toEqual({ cluster: 0, label: 1, gold: 3, purity: 1 });
  });

  test('a tie goes to the smaller label', () => {
    expect(labelClusters(Int32Array.of(0, 0, 0, 0), Int32Array.of(1, 0, 1, 0), { ...rule, minPurity: 0.5 })[0].label).toBe(0);
  });
});
