// Benchmark: train time on ~30,000 CrisisLexT6 tweets and inference throughput for each classifier, against featurization alone.
// tfjs rows: one per backend (wasm, cpu), epochs capped (--tfjs-epochs N, default 2; --cpu-epochs N, default 1).
// Usage: npm run bench:classifiers -- [--json]; the last line is one JSON object.

import { performance } from 'node:perf_hooks';
import { f1Macro, probsToPreds } from '@skimmer/core';
import { HashedNgramFeaturizer, LinearClassifier } from '@skimmer/plugins-linear';
import { TfjsClassifier } from '@skimmer/plugins-tfjs';
import { oneHot, readCrisis } from '../test-support/crisislexData.ts';

const CLASSES = ['off-topic', 'on-topic'];
const parts = [readCrisis('2012_Sandy_Hurricane'), readCrisis('2013_Alberta_Floods'), readCrisis('2013_Boston_Bombings')];
const trainTexts = parts.flatMap((p) => p.texts);
const trainLabels = Int32Array.from(parts.flatMap((p) => Array.from(p.labels)));
const test = readCrisis('2013_Oklahoma_Tornado');
// Inference throughput is measured on 100,000 texts (the test crisis repeated).
const inferTexts = Array.from({ length: 100_000 }, (_, i) => test.texts[i % test.texts.length]);

function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

const featurizer = new HashedNgramFeaturizer();
let t = performance.now();
let sink = 0;
for (const text of inferTexts) sink += featurizer.featurize(text).length;
const baselineFeaturizePerS = perSecond(inferTexts.length, performance.now() - t);

const linear = new LinearClassifier({ classNames: CLASSES });
t = performance.now();
await linear.fit(trainTexts, oneHot(trainLabels, 2), { seed: 1 });
const linearTrainS = (performance.now() - t) / 1000;
t = performance.now();
await linear.predictProba(inferTexts);
const linearPredictPerS = perSecond(inferTexts.length, performance.now() - t);
const linearF1 = f1Macro(test.labels, probsToPreds(await linear.predictProba(test.texts), 'random'));

function argValue(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** Train time, inference rate and test macro F1 of the tfjs classifier on one backend. */
async function measureTfjs(backend: 'wasm' | 'cpu', epochs: number, inferCount: number) {
  const clf = new TfjsClassifier({ classNames: CLASSES, backend, epochs });
  let start = performance.now();
  await clf.fit(trainTexts, oneHot(trainLabels, 2), { seed: 1 });
  const trainS = (performance.now() - start) / 1000;
  const sample = inferTexts.slice(0, inferCount);
  start = performance.now();
  await clf.predictProba(sample);
  const predictPerS = perSecond(sample.length, performance.now() - start);
  const f1 = f1Macro(test.labels, probsToPreds(await clf.predictProba(test.texts), 'random'));
  return { epochs, train_s: Number(trainS.toFixed(1)), predict_per_s: predictPerS, macro_f1: Number(f1.toFixed(4)) };
}

const tfjsWasm = await measureTfjs('wasm', argValue('--tfjs-epochs', 2), 100_000);
const tfjsCpu = await measureTfjs('cpu', argValue('--cpu-epochs', 1), 20_000);

const result = {
  train_rows: trainTexts.length,
  baseline_featurize_per_s: baselineFeaturizePerS,
  linear: { train_s: Number(linearTrainS.toFixed(2)), predict_per_s: linearPredictPerS, macro_f1: Number(linearF1.toFixed(4)) },
  tfjs: { backend: 'wasm', ...tfjsWasm },
  tfjs_cpu: { backend: 'cpu', ...tfjsCpu },
  _sink: sink > 0,
};
if (!process.argv.includes('--json')) {
  console.log(`train rows ${result.train_rows}; featurize only ${baselineFeaturizePerS}/s`);
  console.log(`linear: train ${result.linear.train_s}s, predict ${linearPredictPerS}/s, test macro F1 ${result.linear.macro_f1}`);
  for (const row of [result.tfjs, result.tfjs_cpu]) {
    console.log(`tfjs (${row.backend}, ${row.epochs} epochs): train ${row.train_s}s, predict ${row.predict_per_s}/s, test macro F1 ${row.macro_f1}`);
  }
}
console.log(JSON.stringify(result));
