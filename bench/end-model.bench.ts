// Benchmark: does the end model beat its label model on data nobody tuned on? Leave-one-crisis-out on CrisisLexT6 and
// the WRENCH youtube / sms splits, every setting chosen on dev inside each fold (docs/classifiers.md states the protocol).
// Usage: npm run bench:end-model -- [--json] [--seeds 3] [--tfjs-seeds 1] [--tfjs-epochs 4] [--folds Sandy,Boston] [--no-wrench]
// The last line is one JSON object.

import { performance } from 'node:perf_hooks';
import {
  applyLabelingFunctions,
  f1Macro,
  probsToPreds,
  seededRandom,
  sharedDataPath,
  shuffleInPlace,
  type LabelMatrix,
  type LabelingFunction,
  type ProbMatrix,
} from '@skimmer/core';
import { createLabelModel, readWrenchDir } from '@skimmer/labelmodel';
import {
  LinearClassifier,
  blendWithLabelModel,
  confidenceWeightedTargets,
  predictAtThreshold,
  pseudoLabelTargets,
  type LinearClassifierOptions,
} from '@skimmer/plugins-linear';
import { TfjsClassifier } from '@skimmer/plugins-tfjs';
import { CRISES, readCrisis } from '../packages/plugins-linear/test/crisislexData.ts';
import { learnCrisisLexicon } from '../examples/crisislex/crisisLexicon.ts';
import { HAZARD_WORDS, crisisLexLabelingFunctions, readCrisisLexicon } from '../examples/crisislex/crisislexLFs.ts';

function argValue(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
}
const JSON_ONLY = process.argv.includes('--json');
const SEEDS = Number(argValue('--seeds', '3'));
const TFJS_SEEDS = Number(argValue('--tfjs-seeds', '1'));
const TFJS_EPOCHS = Number(argValue('--tfjs-epochs', '4'));
const FOLDS = argValue('--folds', '').split(',').filter(Boolean);
const log = (line: string) => { if (!JSON_ONLY) console.log(line); };

/** Tweets held out of each training crisis as dev (their gold is the only gold a fold uses to choose anything). */
const DEV_PER_CRISIS = 300;
const LABEL_MODELS = ['snorkel', 'mv', 'ds'] as const;
const MAX_EPOCHS = 10;
const ALPHAS = [1, 0.75, 0.5, 0.25, 0];
const THRESHOLDS = [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7];
const SELF_TRAIN_CONFIDENCE = 0.9;

interface Split { texts: string[]; labels: Int32Array }
interface Task {
  name: string;
  classNames: string[];
  train: Split;
  dev: Split;
  test: Split;
  /** Candidate LF sets (by name), applied to train / dev / test; the first is the default. */
  lfSets: Array<{ name: string; L: { train: LabelMatrix; dev: LabelMatrix; test: LabelMatrix } }>;
  /** LF sets scored for reference only (never chosen), e.g. a lexicon that saw the test crisis. */
  referenceLfSets?: Array<{ name: string; L: { train: LabelMatrix; dev: LabelMatrix; test: LabelMatrix } }>;
  /** Keyword baseline's test predictions, where one exists. */
  keywordTest?: Int32Array;
  /** Keyword-swap groups the linear model may use (an option chosen on dev), if any. */
  swapGroups?: string[][];
}

const macro = (gold: Int32Array, preds: Int32Array) => f1Macro(gold, preds);
const argmax = (P: ProbMatrix) => probsToPreds(P, 'random');
const round = (x: number) => Number(x.toFixed(4));

function covered(L: LabelMatrix): boolean[] {
  return Array.from({ length: L.n }, (_, i) => {
    for (let j = 0; j < L.m; j++) if (L.data[i * L.m + j] !== -1) return true;
    return false;
  });
}

function fitLabelModel(type: string, L: LabelMatrix, k: number, seed: number) {
  const model = createLabelModel(type, { cardinality: k });
  model.fit(L, { seed });
  return model;
}

interface LinearCandidate { name: string; targets: 'soft' | 'weighted'; rows: 'covered' | 'all'; options: LinearClassifierOptions }

function linearCandidates(task: Task): LinearCandidate[] {
  const out: LinearCandidate[] = [
    { name: 'soft', targets: 'soft', rows: 'covered', options: {} },
    { name: 'soft, all rows', targets: 'soft', rows: 'all', options: {} },
    { name: 'confidence-weighted', targets: 'weighted', rows: 'covered', options: {} },
  ];
  if (task.swapGroups) out.push({ name: 'soft + swap', targets: 'soft', rows: 'covered', options: { augment: { swapGroups: task.swapGroups, copies: 1 } } });
  return out;
}

async function fitLinear(task: Task, cand: LinearCandidate, targets: ProbMatrix, rowsCovered: boolean[], seed: number) {
  const keep = rowsCovered.map((c, i) => (cand.rows === 'all' || c ? i : -1)).filter((i) => i >= 0);
  const k = targets.k;
  const pick = (P: ProbMatrix): ProbMatrix => ({ n: keep.length, k, data: Float64Array.from(keep.flatMap((i) => Array.from(P.data.subarray(i * k, i * k + k)))) });
  const texts = keep.map((i) => task.train.texts[i]);
  const clf = new LinearClassifier({ classNames: task.classNames, epochs: MAX_EPOCHS, patience: 2, ...cand.options });
  let report;
  if (cand.targets === 'weighted') {
    const w = confidenceWeightedTargets(pick(targets));
    report = await clf.fit(texts, w.targets, { seed, sampleWeights: w.weights, validation: task.dev });
  } else {
    report = await clf.fit(texts, pick(targets), { seed, validation: task.dev });
  }
  return { clf, devF1: report.validationMacroF1 ?? 0, bestEpoch: report.bestEpoch };
}

interface FoldResult {
  task: string;
  seed: number;
  chosen: Record<string, string | number>;
  dev: Record<string, number>;
  test: Record<string, number>;
  seconds: number;
}

/** One fold, one seed: chooses everything on dev, then scores each piece once on test. */
async function runFold(task: Task, seed: number, withTfjs: boolean): Promise<FoldResult> {
  const started = performance.now();
  const k = task.classNames.length;
  const dev: Record<string, number> = {};
  const test: Record<string, number> = {};
  const chosen: Record<string, string | number> = {};

  // 1. The label model and LF set, chosen on dev.
  let bestLm: { set: Task['lfSets'][number]; type: string; model: ReturnType<typeof fitLabelModel>; f1: number } | undefined;
  for (const set of task.lfSets) {
    for (const type of LABEL_MODELS) {
      const model = fitLabelModel(type, set.L.train, k, seed);
      const f1 = macro(task.dev.labels, argmax(model.predictProba(set.L.dev)));
      if (!bestLm || f1 > bestLm.f1) bestLm = { set, type, model, f1 };
    }
  }
  const { set, model: lm } = bestLm!;
  chosen.lfSet = set.name;
  chosen.labelModel = bestLm!.type;
  dev.labelModel = bestLm!.f1;
  const P = { train: lm.predictProba(set.L.train), dev: lm.predictProba(set.L.dev), test: lm.predictProba(set.L.test) };
  const cov = { train: covered(set.L.train), dev: covered(set.L.dev), test: covered(set.L.test) };
  test.labelModel = macro(task.test.labels, argmax(P.test));
  const mv = fitLabelModel('mv', set.L.train, k, seed);
  test.majorityVote = macro(task.test.labels, argmax(mv.predictProba(set.L.test)));
  for (const ref of task.referenceLfSets ?? []) {
    test[`labelModel[${ref.name}]`] = macro(task.test.labels, argmax(fitLabelModel(bestLm!.type, ref.L.train, k, seed).predictProba(ref.L.test)));
  }
  if (task.keywordTest) test.keyword = macro(task.test.labels, task.keywordTest);

  // 2. The linear classifier's training variant, chosen on dev (epochs by early stopping on dev inside each fit).
  let best: (Awaited<ReturnType<typeof fitLinear>> & { cand: LinearCandidate }) | undefined;
  for (const cand of linearCandidates(task)) {
    const fit = await fitLinear(task, cand, P.train, cov.train, seed);
    dev[`linear[${cand.name}]`] = fit.devF1;
    test[`linear[${cand.name}]`] = macro(task.test.labels, argmax(await fit.clf.predictProba(task.test.texts)));
    if (!best || fit.devF1 > best.devF1) best = { ...fit, cand };
  }
  chosen.linear = best!.cand.name;
  chosen.epochs = best!.bestEpoch;
  test.linear = test[`linear[${best!.cand.name}]`];

  // 3. Self-training: confident classifier predictions replace the label model's labels on the training posts; kept if dev says so.
  const pseudo = pseudoLabelTargets(await best!.clf.predictProba(task.train.texts), P.train, SELF_TRAIN_CONFIDENCE);
  const selfTrained = await fitLinear(task, { ...best!.cand, rows: 'all', targets: 'soft' }, pseudo.targets, cov.train, seed + 1000);
  dev.selfTrained = selfTrained.devF1;
  test.selfTrained = macro(task.test.labels, argmax(await selfTrained.clf.predictProba(task.test.texts)));
  const endClf = selfTrained.devF1 > best!.devF1 ? selfTrained.clf : best!.clf;
  chosen.selfTraining = endClf === selfTrained.clf ? 'on' : 'off';

  // 4. The ensemble with the label model and the decision threshold, chosen on dev (alpha 0 is the label model itself).
  const Pclf = { dev: await endClf.predictProba(task.dev.texts), test: await endClf.predictProba(task.test.texts) };
  let bestMix = { alpha: 1, threshold: 0.5, f1: -1 };
  for (const alpha of ALPHAS) {
    const mixed = blendWithLabelModel(Pclf.dev, P.dev, alpha, cov.dev);
    for (const threshold of k === 2 ? THRESHOLDS : [0.5]) {
      const f1 = macro(task.dev.labels, k === 2 ? predictAtThreshold(mixed, threshold) : argmax(mixed));
      if (f1 > bestMix.f1) bestMix = { alpha, threshold, f1 };
    }
  }
  chosen.alpha = bestMix.alpha;
  chosen.threshold = bestMix.threshold;
  dev.endModel = bestMix.f1;
  const mixedTest = blendWithLabelModel(Pclf.test, P.test, bestMix.alpha, cov.test);
  test.endModel = macro(task.test.labels, k === 2 ? predictAtThreshold(mixedTest, bestMix.threshold) : argmax(mixedTest));
  // The label model with its own threshold chosen on dev: the end model's gain is not just a moved threshold.
  let lmThreshold = { threshold: 0.5, f1: -1 };
  if (k === 2) {
    for (const threshold of THRESHOLDS) {
      const f1 = macro(task.dev.labels, predictAtThreshold(P.dev, threshold));
      if (f1 > lmThreshold.f1) lmThreshold = { threshold, f1 };
    }
    test.labelModelThreshold = macro(task.test.labels, predictAtThreshold(P.test, lmThreshold.threshold));
  }

  // 5. The tfjs network on the same targets (soft, covered rows), early-stopped on dev; reported beside, not chosen.
  if (withTfjs) {
    const keep = cov.train.map((c, i) => (c ? i : -1)).filter((i) => i >= 0);
    const tfjs = new TfjsClassifier({ classNames: task.classNames, backend: 'wasm', epochs: TFJS_EPOCHS, patience: 2 });
    const targets = { n: keep.length, k, data: Float64Array.from(keep.flatMap((i) => Array.from(P.train.data.subarray(i * k, i * k + k)))) };
    const report = await tfjs.fit(keep.map((i) => task.train.texts[i]), targets, { seed, validation: task.dev });
    dev.tfjs = report.validationMacroF1 ?? 0;
    test.tfjs = macro(task.test.labels, argmax(await tfjs.predictProba(task.test.texts)));
  }
  return { task: task.name, seed, chosen, dev, test, seconds: (performance.now() - started) / 1000 };
}

/** Applies LF sets to a task's three splits. */
function applySets(sets: Array<{ name: string; lfs: LabelingFunction[] }>, splits: Split[]) {
  const points = splits.map((s) => s.texts.map((text, i) => ({ id: String(i), text })));
  return sets.map(({ name, lfs }) => {
    const [train, dev, test] = points.map((p) => applyLabelingFunctions(p, lfs).L);
    return { name, L: { train, dev, test } };
  });
}

/** Leave-one-crisis-out: the test crisis is `testCrisis`; dev is DEV_PER_CRISIS tweets of each training crisis (drawn with `seed`). */
function crisisTask(testCrisis: (typeof CRISES)[number], seed: number): Task {
  const train: Split = { texts: [], labels: new Int32Array(0) };
  const dev: Split = { texts: [], labels: new Int32Array(0) };
  const trainLabels: number[] = [];
  const devLabels: number[] = [];
  const lexiconTweets: Array<{ text: string; crisis: string }> = [];
  CRISES.filter((c) => c !== testCrisis).forEach((crisis, c) => {
    const data = readCrisis(crisis);
    const order = shuffleInPlace(Array.from(data.texts.keys()), seededRandom(seed * 101 + c));
    const isDev = new Set(order.slice(0, DEV_PER_CRISIS));
    data.texts.forEach((text, i) => {
      if (isDev.has(i)) { dev.texts.push(text); devLabels.push(data.labels[i]); } else {
        train.texts.push(text);
        trainLabels.push(data.labels[i]);
        lexiconTweets.push({ text, crisis });
      }
    });
  });
  train.labels = Int32Array.from(trainLabels);
  dev.labels = Int32Array.from(devLabels);
  const test = readCrisis(testCrisis);
  // The lexicon is learned from the training crises' unlabelled training tweets only: the test crisis and dev stay out.
  const lexicon = learnCrisisLexicon(lexiconTweets, HAZARD_WORDS);
  const splits = [train, dev, test];
  const hazard = applyLabelingFunctions(test.texts.map((text, i) => ({ id: String(i), text })), crisisLexLabelingFunctions([]).filter((lf) => lf.name === 'hazard_word')).L;
  return {
    name: testCrisis,
    classNames: ['off-topic', 'on-topic'],
    train,
    dev,
    test,
    lfSets: applySets([{ name: 'learned lexicon', lfs: crisisLexLabelingFunctions(lexicon) }, { name: 'rules only', lfs: crisisLexLabelingFunctions([]) }], splits),
    referenceLfSets: applySets([{ name: 'CrisisLexRec (saw test)', lfs: crisisLexLabelingFunctions(readCrisisLexicon()) }], splits),
    keywordTest: Int32Array.from(hazard.data, (v) => (v === 1 ? 1 : 0)),
    swapGroups: [HAZARD_WORDS],
  };
}

/** A WRENCH set: the shipped weak labels, train (gold hidden) / valid (dev) / test. */
async function wrenchTask(set: string): Promise<Task> {
  const data = await readWrenchDir(sharedDataPath(set));
  if (!data.valid) throw new Error(`${set}: no valid.json, the protocol needs a dev split`);
  const split = (s: typeof data.train): Split => ({ texts: s.texts, labels: s.labels });
  return {
    name: set,
    classNames: data.classNames,
    train: split(data.train),
    dev: split(data.valid),
    test: split(data.test),
    lfSets: [{ name: 'wrench LFs', L: { train: data.train.L, dev: data.valid.L, test: data.test.L } }],
  };
}

const results: FoldResult[] = [];
const crises = CRISES.filter((c) => FOLDS.length === 0 || FOLDS.some((f) => c.includes(f)));
for (const crisis of crises) {
  for (let seed = 1; seed <= SEEDS; seed++) {
    const r = await runFold(crisisTask(crisis, seed), seed, seed <= TFJS_SEEDS);
    results.push(r);
    log(`${crisis} seed ${seed} (${r.seconds.toFixed(0)} s): ${JSON.stringify(r.chosen)} test ${JSON.stringify(Object.fromEntries(Object.entries(r.test).map(([k, v]) => [k, round(v)])))}`);
  }
}
if (!process.argv.includes('--no-wrench')) {
  for (const set of ['wrench-youtube', 'wrench-sms']) {
    const task = await wrenchTask(set);
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = await runFold(task, seed, seed <= TFJS_SEEDS);
      results.push(r);
      log(`${set} seed ${seed} (${r.seconds.toFixed(0)} s): ${JSON.stringify(r.chosen)} test ${JSON.stringify(Object.fromEntries(Object.entries(r.test).map(([k, v]) => [k, round(v)])))}`);
    }
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const COLUMNS = ['keyword', 'majorityVote', 'labelModel', 'labelModelThreshold', 'linear', 'selfTrained', 'tfjs', 'endModel'];
const folds = [...new Set(results.map((r) => r.task))].map((task) => {
  const rows = results.filter((r) => r.task === task);
  const summary: Record<string, { mean: number; sd: number; n: number }> = {};
  for (const key of new Set(rows.flatMap((r) => Object.keys(r.test)))) {
    const xs = rows.map((r) => r.test[key]).filter((x) => x !== undefined);
    summary[key] = { mean: round(mean(xs)), sd: round(sd(xs)), n: xs.length };
  }
  const gains = rows.map((r) => r.test.endModel - r.test.labelModel);
  return { task, test: summary, gain: { mean: round(mean(gains)), min: round(Math.min(...gains)) }, chosen: rows.map((r) => r.chosen) };
});
log('');
log(`| fold | ${COLUMNS.join(' | ')} | gain |`);
log(`|---|${COLUMNS.map(() => '---|').join('')}---|`);
for (const f of folds) {
  log(`| ${f.task} | ${COLUMNS.map((c) => (f.test[c] ? `${f.test[c].mean.toFixed(4)} ± ${f.test[c].sd.toFixed(4)}` : '–')).join(' | ')} | ${f.gain.mean >= 0 ? '+' : ''}${f.gain.mean.toFixed(4)} |`);
}
const crisisFolds = folds.filter((f) => f.task.startsWith('20'));
const summary = {
  protocol: `leave-one-crisis-out on CrisisLexT6 (dev: ${DEV_PER_CRISIS} gold tweets of each training crisis) and WRENCH train/valid/test; every setting chosen on dev`,
  seeds: SEEDS,
  tfjs: { seeds: TFJS_SEEDS, maxEpochs: TFJS_EPOCHS, backend: 'wasm' },
  crisislex_mean_gain: crisisFolds.length ? round(mean(crisisFolds.map((f) => f.gain.mean))) : null,
  crisislex_folds_won: crisisFolds.filter((f) => f.gain.mean > 0).length,
  all_mean_gain: round(mean(folds.map((f) => f.gain.mean))),
  folds,
  runs: results.map((r) => ({ ...r, dev: Object.fromEntries(Object.entries(r.dev).map(([k, v]) => [k, round(v)])), test: Object.fromEntries(Object.entries(r.test).map(([k, v]) => [k, round(v)])), seconds: Number(r.seconds.toFixed(1)) })),
};
log(`mean gain of the chosen end model over the label model: CrisisLexT6 ${summary.crisislex_mean_gain} (${summary.crisislex_folds_won}/${crisisFolds.length} folds won), all ${summary.all_mean_gain}`);
console.log(JSON.stringify(summary));
