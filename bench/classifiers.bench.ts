// Benchmark: train time on ~30,000 CrisisLexT6 tweets and inference throughput for each classifier, against featurization alone.
// Usage: npm run bench:classifiers -- [--json]; the last line is one JSON object.

import { performance } from 'node:perf_hooks';
import { f1Macro, probsToPreds } from '@skimmer/core';
import { HashedNgramFeaturizer, LinearClassifier } from '@skimmer/plugins-linear';
import { oneHot, readCrisis } from '../packages/plugins-linear/test/crisislexData.ts';

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

const result = {
  train_rows: trainTexts.length,
  baseline_featurize_per_s: baselineFeaturizePerS,
  linear: { train_s: Number(linearTrainS.toFixed(2)), predict_per_s: linearPredictPerS, macro_f1: Number(linearF1.toFixed(4)) },
  _sink: sink > 0,
};
if (!process.argv.includes('--json')) {
  console.log(`train rows ${result.train_rows}; featurize only ${baselineFeaturizePerS}/s`);
  console.log(`linear: train ${result.linear.train_s}s, predict ${linearPredictPerS}/s, test macro F1 ${result.linear.macro_f1}`);
}
console.log(JSON.stringify(result));
