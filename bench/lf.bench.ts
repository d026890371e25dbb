// Benchmark: 20 regex LFs (RE2 via plugins-regex) over 100,000 tweets, single-threaded and in worker threads, against a plain loop over the same patterns with native RegExp.
// Last stdout line: one JSON object. Also the LF module the workers import (they load this file; the benchmark runs only on the main thread).

import { isMainThread } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ABSTAIN, applyLabelingFunctions, extraDataMissing, extraDataPath, LFApplierPool } from '@skimmer/core';
import type { DataPoint, LabelingFunction } from '@skimmer/core';
import { readDatasetAll } from '@skimmer/plugins-datasets';
import { regexLF } from '@skimmer/plugins-regex';

const N = Number(process.env.LF_BENCH_N ?? 100_000);
const WORKERS = Number(process.env.LF_BENCH_WORKERS ?? 2);

/** 20 patterns of the kind an "is this about AI / data science?" project writes: [pattern, flags, label]. */
const PATTERNS: ReadonlyArray<readonly [string, string, number]> = [
  ['\\bAI\\b', '', 1],
  ['machine learning', 'i', 1],
  ['deep learning', 'i', 1],
  ['neural net(work)?s?', 'i', 1],
  ['data scien(ce|tist)', 'i', 1],
  ['#(ai|ml|nlp)\\b', 'i', 1],
  ['chat ?gpt', 'i', 1],
  ['\\bLLMs?\\b', '', 1],
  ['artificial intelligence', 'i', 1],
  ['\\b(pytorch|tensorflow|keras|sklearn)\\b', 'i', 1],
  ['#bigdata|#datascience', 'i', 1],
  ['computer vision', 'i', 1],
  ['https?://\\S+', '', 1],
  ['#(design|interior|fashion)\\b', 'i', 0],
  ['\\bj.ai\\b', 'i', 0],
  ['\\bball python|snake', 'i', 0],
  ['giveaway|win a', 'i', 0],
  ['\\b(crypto|nft|forex)\\b', 'i', 0],
  ['^RT @', '', 0],
  ['(\\w+ ){30,}', '', 0],
];

/** The 20 LFs (the worker threads import this). */
export function benchLFs(): LabelingFunction[] {
  return PATTERNS.map(([pattern, flags, label], j) => regexLF({ name: `re_${j}`, pattern, flags, label }));
}

/** The baseline: the same patterns as native RegExp in a plain nested loop, votes into an Int32Array. */
function nativeLoop(points: readonly DataPoint[]): Int32Array {
  const regexes = PATTERNS.map(([pattern, flags]) => new RegExp(pattern, flags));
  const m = regexes.length;
  const out = new Int32Array(points.length * m);
  for (let i = 0; i < points.length; i++) {
    const text = points[i].text;
    for (let j = 0; j < m; j++) out[i * m + j] = regexes[j].test(text) ? PATTERNS[j][2] : ABSTAIN;
  }
  return out;
}

async function tweets(n: number): Promise<DataPoint[]> {
  // The twint keyword searches state no licence: they are read from the optional $SKIMMER_EXTRA_DATA folder only.
  const dir = extraDataPath('ai-tweets', 'aixd-twint-karthikakannan18');
  if (!dir) {
    console.error(`bench:lf: ${extraDataMissing('ai-tweets', 'aixd-twint-karthikakannan18')}`);
    process.exit(2);
  }
  const base: DataPoint[] = [];
  for (const file of ['Machinelearning_tweets.csv', 'Design_tweets.csv', 'datadesign_tweetsnoyear.csv']) {
    for (const r of await readDatasetAll(`${dir}/${file}`, { columns: { id: 'id', text: 'tweet' } })) base.push({ id: r.id, text: r.text });
  }
  return Array.from({ length: n }, (_, i) => ({ id: String(i), text: base[i % base.length].text }));
}

async function best<T>(runs: number, fn: () => T | Promise<T>): Promise<[T, number]> {
  let out!: T;
  let s = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    out = await fn();
    s = Math.min(s, (performance.now() - t0) / 1000);
  }
  return [out, s];
}

async function main(): Promise<void> {
  const points = await tweets(N);
  const lfs = benchLFs();
  const cells = N * lfs.length;
  nativeLoop(points.slice(0, 2000));
  applyLabelingFunctions(points.slice(0, 2000), lfs);
  const [native, nativeS] = await best(3, () => nativeLoop(points));
  const [single, singleS] = await best(3, () => applyLabelingFunctions(points, lfs));
  const pool = await LFApplierPool.start({ module: fileURLToPath(import.meta.url), exportName: 'benchLFs' }, { workers: WORKERS });
  await pool.apply(points.slice(0, 2000));
  const [parallel, parallelS] = await best(3, () => pool.apply(points));
  await pool.close();
  const agree = (a: Int32Array, b: Int32Array) => a.length === b.length && a.every((v, i) => v === b[i]);
  const fig = (s: number) => ({ seconds: Number(s.toFixed(3)), cellsPerSecond: Math.round(cells / s) });
  console.log(
    `native RegExp loop: ${fig(nativeS).cellsPerSecond} cells/s; applier (RE2, 1 thread): ${fig(singleS).cellsPerSecond}; pool (${WORKERS} workers): ${fig(parallelS).cellsPerSecond}`,
  );
  console.log(
    JSON.stringify({
      bench: 'lf',
      points: N,
      lfs: lfs.length,
      nativeRegExpLoop: fig(nativeS),
      singleThread: fig(singleS),
      workers: { count: WORKERS, ...fig(parallelS) },
      singleVsNative: Number((nativeS / singleS).toFixed(3)),
      workersVsSingle: Number((singleS / parallelS).toFixed(3)),
      sameVotes: agree(single.L.data, parallel.L.data) && agree(single.L.data, native),
    }),
  );
}

if (isMainThread) await main();
