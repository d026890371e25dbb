// Specification on real data: cluster LFs fitted on the 1586-row youtube train, labelled with WRENCH valid gold, are accurate and reproducible.

import { beforeAll, describe, expect, test } from 'vitest';
import { applyLabelingFunctions, lfAnalysis, type LabelMatrix } from '@skimmer/core';
import { readWrenchSplit } from '../../../test-support/wrench.ts';
import { clusterLFs, type ClusterLFResult } from '../src/index.ts';

const train = readWrenchSplit('wrench-youtube', 'legacy-nhbess/train');
const dev = readWrenchSplit('wrench-youtube', 'valid');
const testSplit = readWrenchSplit('wrench-youtube', 'test');
const data = { train: train.points, dev: { points: dev.points, labels: dev.gold }, cardinality: 2, seed: 0 };

/** Accuracy of all non-abstain votes of `L` against `gold` (rounded to 4 decimals), and their number. */
function voteAccuracy(L: LabelMatrix, lfs: ClusterLFResult['lfs'], gold: Int32Array): { votes: number; accuracy: number } {
  const rows = lfAnalysis(L, lfs).lfSummary(gold);
  const correct = rows.reduce((s, r) => s + (r.correct ?? 0), 0);
  const votes = correct + rows.reduce((s, r) => s + (r.incorrect ?? 0), 0);
  return { votes, accuracy: Number((correct / votes).toFixed(4)) };
}

describe('tf-idf cluster LFs on youtube (k = 20, seed 1)', () => {
  let first: ClusterLFResult;
  let testL: LabelMatrix;
  beforeAll(() => {
    first = clusterLFs({ name: 'cluster', seed: 1 }, data);
    testL = applyLabelingFunctions(testSplit.points, first.lfs).L;
  });

  test('labels 8 of the 20 clusters, one LF each, named after the cluster', () => {
    expect(first.lfs.map((lf) => lf.name)).toEqual(first.clusters.filter((c) => c.label >= 0).map((c) => `cluster_c${c.cluster}`));
    expect(first.lfs.length).toBe(8);
  });

  test('every labelled cluster has purity >= 0.8 and at least 3 dev gold points', () => {
    for (const c of first.clusters.filter((c) => c.label >= 0)) {
      expect(c.purity).toBeGreaterThanOrEqual(0.8);
      expect(c.gold).toBeGreaterThanOrEqual(3);
    }
  });

  test('their 137 votes on the 250-row test split are 94.16% accurate', () => {
    expect(voteAccuracy(testL, first.lfs, testSplit.gold)).toEqual({ votes: 137, accuracy: 0.9416 });
  });

  test('their 74 votes on dev (the gold they were labelled with) are 93.24% accurate', () => {
    expect(voteAccuracy(applyLabelingFunctions(dev.points, first.lfs).L, first.lfs, dev.gold)).toEqual({ votes: 74, accuracy: 0.9324 });
  });

  test('the same seed gives the same LFs and the same votes', () => {
    const again = clusterLFs({ name: 'cluster', seed: 1 }, data);
    expect(again.lfs.map((lf) => lf.name)).toEqual(first.lfs.map((lf) => lf.name));
    expect(applyLabelingFunctions(testSplit.points, again.lfs).L.data).toEqual(testL.data);
  });

  test('another seed gives other clusters (7 labelled with seed 2)', () => {
    const other = clusterLFs({ name: 'cluster', seed: 2 }, data);
    expect(other.lfs.length).toBe(7);
  });
});
