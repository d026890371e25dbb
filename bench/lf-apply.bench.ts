// Benchmark: LF application (in-process batched applier, one-shot worker threads, a warm worker pool) and LF analysis, against a naive per-point loop.
// Data: WRENCH youtube train (1686 comments) repeated to N points with fresh ids; LFs: the Snorkel tutorial's first seven.

import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { applyLabelingFunctions, applyLabelingFunctionsParallel, LFApplierPool, labelMatrix, lfAnalysis, type DataPoint } from '@skimmer/core';
import { readWrenchSplit } from '../test-support/wrench.ts';
import { youtubeLfs } from '../test-support/youtubeLfs.ts';

const N = Number(process.env.LF_BENCH_N ?? 101_160);
const WORKERS = Number(process.env.LF_BENCH_WORKERS ?? 2);
const LF_MODULE = fileURLToPath(new URL('../test-support/youtubeLfs.ts', import.meta.url));

function seconds<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, (performance.now() - t0) / 1000];
}

async function secondsAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, (performance.now() - t0) / 1000];
}

const base = readWrenchSplit('wrench-youtube', 'train').points;
const points: DataPoint[] = Array.from({ length: N }, (_, i) => ({ id: `${i}`, text: base[i % base.length].text }));

// Baseline: the obvious code, nested arrays of votes, one LF call per cell. Fresh LFs each run (no preprocessor cache
// carried over); both warmed up on a slice first, then alternated three times and the best run kept.
const baseline = (pts: DataPoint[]): number[][] => {
  const lfs = youtubeLfs();
  return pts.map((p) => lfs.map((lf) => lf.apply(p)));
};
const applier = (pts: DataPoint[]) => applyLabelingFunctions(pts, youtubeLfs());
baseline(points.slice(0, 5000));
applier(points.slice(0, 5000));
let baselineS = Infinity;
let singleS = Infinity;
let nested: number[][] = [];
let single = applier([]);
for (let r = 0; r < 3; r++) {
  const [b, bs] = seconds(() => baseline(points));
  const [a, as] = seconds(() => applier(points));
  [nested, single] = [b, a];
  baselineS = Math.min(baselineS, bs);
  singleS = Math.min(singleS, as);
}
const [parallel, parallelS] = await secondsAsync(() => applyLabelingFunctionsParallel(points, { module: LF_MODULE }, { workers: WORKERS }));
if (!parallel.L.data.every((v, i) => v === single.L.data[i])) throw new Error('parallel and in-process label matrices differ');

// A pool pays the worker start-up once; steady state = best of three calls after a warm-up call.
const [pool, poolStartS] = await secondsAsync(() => LFApplierPool.start({ module: LF_MODULE }, { workers: WORKERS }));
await pool.apply(points.slice(0, 5000));
let poolS = Infinity;
for (let r = 0; r < 3; r++) {
  const [res, s] = await secondsAsync(() => pool.apply(points));
  if (!res.L.data.every((v, i) => v === single.L.data[i])) throw new Error('pool and in-process label matrices differ');
  poolS = Math.min(poolS, s);
}
await pool.close();

// Analysis: Snorkel's lf_summary equivalent on the typed matrix vs the nested-array baseline converted to a LabelMatrix first.
const gold = new Int32Array(N).fill(1);
const [, summaryS] = seconds(() => lfAnalysis(single.L, youtubeLfs()).lfSummary(gold));
const [, convertS] = seconds(() => labelMatrix(nested));

const rate = (s: number): number => Math.round(N / s);
const figures = {
  bench: 'lf-apply',
  n: N,
  m: single.L.m,
  workers: WORKERS,
  baselinePointsPerS: rate(baselineS),
  applierPointsPerS: rate(singleS),
  parallelPointsPerS: rate(parallelS),
  applierVsBaseline: Number((baselineS / singleS).toFixed(2)),
  parallelVsApplier: Number((singleS / parallelS).toFixed(2)),
  poolStartS: Number(poolStartS.toFixed(3)),
  poolPointsPerS: rate(poolS),
  poolVsApplier: Number((singleS / poolS).toFixed(2)),
  lfSummaryS: Number(summaryS.toFixed(4)),
  nestedToLabelMatrixS: Number(convertS.toFixed(4)),
  cores: os.availableParallelism(),
  loadAvg1m: Number(os.loadavg()[0].toFixed(2)),
};
console.log(
  `applied ${single.L.m} LFs to ${N} points: baseline ${baselineS.toFixed(3)} s, applier ${singleS.toFixed(3)} s, ${WORKERS} workers one-shot ${parallelS.toFixed(3)} s, warm pool ${poolS.toFixed(3)} s`,
);
console.log(JSON.stringify(figures));
