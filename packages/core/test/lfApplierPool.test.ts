// Specification of the LF applier pool: workers load the LFs once and label many point arrays exactly as the in-process applier.

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyLabelingFunctions, contiguousChunks, LFApplierPool, SkimmerError } from '../src/index.ts';
import { readWrenchSplit } from '../../../test-support/wrench.ts';
import { youtubeLfs } from '../../../test-support/youtubeLfs.ts';

const LF_MODULE = fileURLToPath(new URL('../../../test-support/youtubeLfs.ts', import.meta.url));

describe('contiguousChunks', () => {
  it('splits rows into near-equal contiguous ranges, larger ones first', () => {
    expect(contiguousChunks(10, 3)).toEqual([
      [0, 4],
      [4, 7],
      [7, 10],
    ]);
  });
  it('never makes more chunks than rows, and one empty chunk for no rows', () => {
    expect(contiguousChunks(2, 4)).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(contiguousChunks(0, 4)).toEqual([[0, 0]]);
  });
});

describe('LFApplierPool', () => {
  const { points } = readWrenchSplit('wrench-youtube', 'test');
  let pool: LFApplierPool;
  beforeAll(async () => {
    pool = await LFApplierPool.start({ module: LF_MODULE }, { workers: 2 });
  });
  afterAll(() => pool.close());

  it('knows the number of LFs once started', () => expect(pool.m).toBe(7));
  it('labels successive arrays with the same workers, each equal to the in-process result', async () => {
    for (const slice of [points.slice(0, 100), points.slice(100), points.slice(0, 1)]) {
      const { L } = await pool.apply(slice);
      expect(L.data).toEqual(applyLabelingFunctions(slice, youtubeLfs()).L.data);
    }
  });
  it('runs concurrent calls one after the other, each with its own rows', async () => {
    const [a, b] = await Promise.all([pool.apply(points.slice(0, 50)), pool.apply(points.slice(50, 80))]);
    expect([a.L.n, b.L.n]).toEqual([50, 30]);
    expect(b.L.data).toEqual(applyLabelingFunctions(points.slice(50, 80), youtubeLfs()).L.data);
  });
  it('returns an empty matrix with m columns for no points', async () => {
    const { L } = await pool.apply([]);
    expect([L.n, L.m, L.data.length]).toEqual([0, 7, 0]);
  });
});

describe('LFApplierPool lifecycle', () => {
  it('rejects calls after close', async () => {
    const pool = await LFApplierPool.start({ module: LF_MODULE }, { workers: 1 });
    await pool.close();
    await expect(pool.apply([])).rejects.toThrow(SkimmerError);
  });
  it('fails to start when the module cannot be imported', async () => {
    await expect(LFApplierPool.start({ module: '/nonexistent/lfs.ts' }, { workers: 1 })).rejects.toThrow(/nonexistent/);
  });
  it('refuses a worker count that is not a positive integer', async () => {
    await expect(LFApplierPool.start({ module: LF_MODULE }, { workers: 0 })).rejects.toThrow(/workers must be an integer >= 1, got 0/);
  });
});
