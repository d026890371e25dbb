// Specification of the worker-thread applier: LFs imported from a .ts module, results identical to the in-process applier.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyLabelingFunctions, applyLabelingFunctionsParallel, ConfigError, LFApplyError } from '../src/index.ts';
import { readWrenchSplit } from '../../../test-support/wrench.ts';
import { faultyLfs, youtubeLfs } from '../../../test-support/youtubeLfs.ts';

const LF_MODULE = fileURLToPath(new URL('../../../test-support/youtubeLfs.ts', import.meta.url));

describe('applyLabelingFunctionsParallel', () => {
  const train = readWrenchSplit('wrench-youtube', 'train');

  it('gives the same label matrix as the in-process applier (LFs from a .ts module, `lfs` export)', async () => {
    const parallel = await applyLabelingFunctionsParallel(train.points, { module: LF_MODULE }, { workers: 2, batchSize: 100 });
    const single = applyLabelingFunctions(train.points, youtubeLfs());
    expect([parallel.L.n, parallel.L.m]).toEqual([1686, 7]);
    expect(parallel.L.data).toEqual(single.L.data);
  });
  it('loads a named factory export and merges failures as the in-process applier reports them', async () => {
    const points = train.points.slice(0, 300);
    const progress: number[] = [];
    const parallel = await applyLabelingFunctionsParallel(
      points,
      { module: LF_MODULE, exportName: 'faultyLfs' },
      {
        workers: 3,
        faultTolerant: true,
        maxRecordedFailuresPerLF: 5,
        onProgress: (done) => progress.push(done),
      },
    );
    const single = applyLabelingFunctions(points, faultyLfs(), { faultTolerant: true, maxRecordedFailuresPerLF: 5 });
    expect(parallel.L.data).toEqual(single.L.data);
    expect(parallel.failures).toEqual(single.failures);
    expect(parallel.failureCounts).toEqual(single.failureCounts);
    expect(progress.at(-1)).toBe(300);
  });
  it('rejects with the same LFApplyError as the in-process applier when not fault tolerant', async () => {
    const points = train.points.slice(0, 300);
    const expected = (() => {
      try {
        applyLabelingFunctions(points, faultyLfs());
      } catch (err) {
        return (err as Error).message;
      }
    })();
    const run = applyLabelingFunctionsParallel(points, { module: LF_MODULE, exportName: 'faultyLfs' }, { workers: 3 });
    await expect(run).rejects.toThrow(LFApplyError);
    await expect(run).rejects.toThrow(expected);
  });
  it('refuses points that cannot be sent to a worker', async () => {
    const points = [{ id: 'a', text: 'x', callback: () => 1 }];
    await expect(applyLabelingFunctionsParallel(points, { module: LF_MODULE }, { workers: 1 })).rejects.toThrow(
      /points for LF worker threads must be plain data/,
    );
  });
  it('refuses a relative module path', async () => {
    await expect(applyLabelingFunctionsParallel(train.points, { module: './youtubeLfs.ts' })).rejects.toThrow(ConfigError);
  });
  it('reports an export that is not a list of LFs', async () => {
    await expect(applyLabelingFunctionsParallel(train.points.slice(0, 2), { module: LF_MODULE, exportName: 'SPAM' }, { workers: 1 })).rejects.toThrow(
      /export "SPAM" is not an array of labeling functions/,
    );
  });
});
