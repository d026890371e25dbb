// Specification of the in-process applier, on WRENCH youtube with the Snorkel tutorial's LFs.

import { describe, expect, it } from 'vitest';
import { ABSTAIN, applyLabelingFunctions, ConfigError, labelingFunction, labelMatrixToArrays, LFApplyError } from '../src/index.ts';
import { readWrenchSplit } from '../../../test-support/wrench.ts';
import { faultyLfs, youtubeLfs } from '../../../test-support/youtubeLfs.ts';

/** The first `k` columns of WRENCH's weak label matrix. */
function firstColumns(weak: { n: number; m: number; data: Int32Array }, k: number): Int32Array {
  const out = new Int32Array(weak.n * k);
  for (let i = 0; i < weak.n; i++) out.set(weak.data.subarray(i * weak.m, i * weak.m + k), i * k);
  return out;
}

describe('applyLabelingFunctions', () => {
  const train = readWrenchSplit('wrench-youtube', 'train');

  it('reproduces WRENCH youtube weak_labels 0-6 on all 1686 train points', () => {
    const { L, failures } = applyLabelingFunctions(train.points, youtubeLfs());
    expect([L.n, L.m, failures.length]).toEqual([1686, 7, 0]);
    expect(L.data).toEqual(firstColumns(train.weak, 7));
  });
  it('gives the same matrix whatever the batch size', () => {
    const big = applyLabelingFunctions(train.points, youtubeLfs(), { batchSize: 4096 });
    const small = applyLabelingFunctions(train.points, youtubeLfs(), { batchSize: 7 });
    expect(small.L.data).toEqual(big.L.data);
  });
  it('reports progress after each batch', () => {
    const seen: number[] = [];
    applyLabelingFunctions(train.points.slice(0, 10), youtubeLfs(), { batchSize: 4, onProgress: (done, total) => seen.push(done, total) });
    expect(seen).toEqual([4, 10, 8, 10, 10, 10]);
  });
  it('lays votes out row-major, one column per LF', () => {
    const lfs = [labelingFunction({ name: 'a', apply: () => 1 }), labelingFunction({ name: 'b', apply: (p) => (p.id === 'y' ? 0 : ABSTAIN) })];
    const { L } = applyLabelingFunctions(
      [
        { id: 'x', text: '' },
        { id: 'y', text: '' },
      ],
      lfs,
    );
    expect(labelMatrixToArrays(L)).toEqual([
      [1, -1],
      [1, 0],
    ]);
  });
  it('refuses duplicate LF names before applying anything', () => {
    const lf = labelingFunction({ name: 'same', apply: () => ABSTAIN });
    expect(() => applyLabelingFunctions(train.points, [lf, lf])).toThrow(ConfigError);
  });
});

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('applyLabelingFunctions failures', () => {
  const points = [
    { id: 'p0', text: 'my channel http://x' },
    { id: 'p1', text: 'love this song' },
    { id: 'p2', text: 'plain' },
    { id: 'p3', text: 'another song' },
  ];

  it('throws LFApplyError naming the LF, the point and the row when not fault tolerant', () => {
    expect(() => applyLabelingFunctions(points, faultyLfs())).toThrow(LFApplyError);
    expect(() => applyLabelingFunctions(points, faultyLfs())).toThrow(
      'labeling function "bad_label_on_link" returned 7 for point "p0": expected an integer in 0..1 or ABSTAIN (-1) (row 0)',
    );
  });
  it('reports rows offset by rowOffset and keeps the thrown error as the cause', () => {
    const err = thrownBy(() => applyLabelingFunctions(points.slice(1), faultyLfs(), { rowOffset: 10 })) as LFApplyError;
    expect(err.context).toEqual({ lf: 'throws_on_song', pointId: 'p1', rowIndex: 10 });
    expect(err.message).toBe('labeling function "throws_on_song" failed on point "p1" (row 10): song parser exploded');
    expect((err.cause as Error).message).toBe('song parser exploded');
  });
  it('in fault-tolerant mode votes ABSTAIN where an LF fails and records each failure', () => {
    const { L, failures, failureCounts } = applyLabelingFunctions(points, faultyLfs(), { faultTolerant: true });
    expect(labelMatrixToArrays(L)).toEqual([
      [1, -1, -1],
      [-1, -1, 0],
      [-1, -1, 0],
      [-1, -1, 0],
    ]);
    expect(failureCounts).toEqual({ keyword_my: 0, throws_on_song: 2, bad_label_on_link: 1 });
    expect(failures).toEqual([
      {
        lf: 'bad_label_on_link',
        pointId: 'p0',
        rowIndex: 0,
        message: 'labeling function "bad_label_on_link" returned 7 for point "p0": expected an integer in 0..1 or ABSTAIN (-1)',
      },
      { lf: 'throws_on_song', pointId: 'p1', rowIndex: 1, message: 'song parser exploded' },
      { lf: 'throws_on_song', pointId: 'p3', rowIndex: 3, message: 'song parser exploded' },
    ]);
  });
  it('keeps at most maxRecordedFailuresPerLF failures per LF but counts them all', () => {
    const { failures, failureCounts } = applyLabelingFunctions(points, faultyLfs(), { faultTolerant: true, maxRecordedFailuresPerLF: 1 });
    expect(failures.map((f) => f.pointId)).toEqual(['p0', 'p1']);
    expect(failureCounts.throws_on_song).toBe(2);
  });
  it('retries a failing vectorised LF point by point to find the failing points', () => {
    const lf = labelingFunction({
      name: 'vec',
      apply: (p) => {
        if (p.id === 'p2') throw new Error('bad point');
        return 1;
      },
      applyBatch: () => {
        throw new Error('batch failed');
      },
    });
    const { L, failures } = applyLabelingFunctions(points, [lf], { faultTolerant: true });
    expect(Array.from(L.data)).toEqual([1, 1, -1, 1]);
    expect(failures.map((f) => [f.pointId, f.message])).toEqual([['p2', 'bad point']]);
  });
});
