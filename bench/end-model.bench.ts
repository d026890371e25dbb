// Benchmark: does the end model beat its label model on data nobody tuned on? Leave-one-crisis-out on CrisisLexT6 and
// the WRENCH youtube / sms splits, every setting chosen on dev inside each fold (docs/classifiers.md states the protocol).
// Usage: npm run bench:end-model -- [--json] [--seeds 3] [--first-seed 1] [--tfjs-seeds 1] [--tfjs-epochs 3] [--tfjs-folds Oklahoma,wrench] [--folds Sandy,Boston] [--no-wrench] [--all-test-rows]
// The last line is one JSON object.

import { performance } from 'node:perf_hooks';
import {
  applyLabelingFunctions,
  f1Macro,
  probsToPreds,
  seededRandom,
  datasetPath,
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
import { CRISES, readCrisis } from '../test-support/crisislexData.ts';
import { crisisSpecificWords, learnCrisisLexicon, withoutWords } from '../examples/crisislex/crisisLexicon.ts';
import { HAZARD_WORDS, crisisLexLabelingFunctions, readCrisisLexicon } from '../examples/crisislex/crisislexLFs.ts';

function argValue(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
}
const JSON_ONLY = process.argv.includes('--json');
const SEEDS = Number(argValue('--seeds', '3'));
/** Run seeds FIRST_SEED..SEEDS only (to split a long run over several invocations). */
const FIRST_SEED = Number(argValue('--first-seed', '1'));
const TFJS_SEEDS = Number(argValue('--tfjs-seeds', '1'));
const TFJS_EPOCHS = Number(argValue('--tfjs-epochs', '3'));
/** Folds the tfjs network runs on (all when empty): it is slow on the shared cpu / wasm backends. */
const TFJS_FOLDS = argValue('--tfjs-folds', '').split(',').filter(Boolean);
const tfjsOn = (task: string, seed: number) => seed <= TFJS_SEEDS && (TFJS_FOLDS.length === 0 || TFJS_FOLDS.some((f) => task.includes(f)));
const FOLDS = argValue('--folds', '').split(',').filter(Boolean);
/** Score every candidate on test (for the record of what did not help), not only the chosen one and plain 'soft'. */
const ALL_TEST_ROWS = process.argv.includes('--all-test-rows');
const log = (line: string) => {
  if (!JSON_ONLY) console.log(line);
};

/** Tweets held out of each training crisis as dev (their gold is the only gold a fold uses to choose anything). */
const DEV_PER_CRISIS = 300;
const LABEL_MODELS = ['snorkel', 'mv', 'ds'] as const;
const MAX_EPOCHS = 10;
const ALPHAS = [1, 0.75, 0.5, 0.25, 0];
const THRESHOLDS = [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7];
const SELF_TRAIN_CONFIDENCE = 0.9;

/** Texts with gold; `crisis` names each row's crisis where the task has crises (for the shared-words candidate). */
interface Split {
  texts: string[];
  labels: Int32Array;
  crisis?: string[];
}
interface LfSetL {
  name: string;
  L: { train: LabelMatrix; dev: LabelMatrix; test?: LabelMatrix };
}
/** One inner split for choosing settings: train on some training data, score on dev data the model did not train on. */
interface Rotation {
  train: Split;
  dev: Split;
  lfSets: LfSetL[];
}
interface Task {
  name: string;
  classNames: string[];
  /** Settings are chosen on the dev predictions of every rotation pooled (CrisisLexT6: train on two training crises, dev on the third's held-out tweets). */
  rotations: Rotation[];
  /** The fold's final fit: all training data, every dev tweet, the test set; LF sets in the same order as the rotations'. */
  train: Split;
  dev: Split;
  test: Split;
  lfSets: Array<{ name: string; L: { train: LabelMatrix; dev: LabelMatrix; test: LabelMatrix } }>;
  /** LF sets scored for reference only (never chosen), e.g. a lexicon that saw the test crisis. */
  referenceLfSets?: Array<{ name: string; L: { train: LabelMatrix; dev: LabelMatrix; test: LabelMatrix } }>;
  /** Keyword baseline's test predictions, where one exists. */
  keywordTest?: Int32Array;
  /** Keyword-swap groups the linear model may use (an option chosen on dev), if any. */
  swapGroups?: string[][];
}

const macro = (gold: ArrayLike<number>, preds: ArrayLike<number>) => f1Macro(gold, preds);
const argmax = (P: ProbMatrix) => probsToPreds(P, 'random');
const round = (x: number) => Number(x.toFixed(4));
const concatProbs = (Ps: ProbMatrix[]): ProbMatrix => ({
  n: Ps.reduce((a, P) => a + P.n, 0),
  k: Ps[0].k,
  data: Float64Array.from(Ps.flatMap((P) => Array.from(P.data))),
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

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

/** A training variant of the linear model; `sharedWords` trains without the words of only one training crisis. */
interface LinearCandidate {
  name: string;
  targets: 'soft' | 'weighted';
  rows: 'covered' | 'all';
  options: LinearClassifierOptions;
  sharedWords?: boolean;
}

/**
 * The training variants tried in every fold. Dropped after the first full run (seed 1, dev figures in docs/classifiers.md):
 * hashed words without character n-grams (dev macro F1 0.06 below 'soft' on the Sandy fold) and 'all rows' on
 * CrisisLexT6 (the no_hazard_word LF votes on every tweet, so it is 'soft' again).
 */
function linearCandidates(task: Task): LinearCandidate[] {
  const out: LinearCandidate[] = [
    { name: 'soft', targets: 'soft', rows: 'covered', options: {} },
    { name: 'confidence-weighted', targets: 'weighted', rows: 'covered', options: {} },
  ];
  if (!task.swapGroups) out.push({ name: 'soft, all rows', targets: 'soft', rows: 'all', options: {} });
  if (task.swapGroups) {
    const augment = { swapGroups: task.swapGroups, copies: 1 };
    out.push({ name: 'soft + swap', targets: 'soft', rows: 'covered', options: { augment } });
    out.push({ name: 'soft + swap x2', targets: 'soft', rows: 'covered', options: { augment: { ...augment, copies: 2 } } });
    out.push({ name: 'soft + swap, shared words', targets: 'soft', rows: 'covered', options: { augment }, sharedWords: true });
  }
  return out;
}

/** The training texts without the words only one of their crises uses (the hazard words stay: the LFs' own, generic list). */
function sharedWordsOnly(train: Split): string[] {
  const specific = crisisSpecificWords(train.texts.map((text, i) => ({ text, crisis: train.crisis![i] })));
  for (const word of HAZARD_WORDS) specific.delete(word);
  return train.texts.map((text) => withoutWords(text, specific));
}

/** Trains one candidate; with `validation` it early-stops there (up to MAX_EPOCHS), without it runs exactly `epochs`. */
async function fitLinear(
  classNames: string[],
  cand: LinearCandidate,
  train: Split,
  targets: ProbMatrix,
  rowsCovered: boolean[],
  seed: number,
  fit: { validation?: Split; epochs?: number },
) {
  const keep = rowsCovered.map((c, i) => (cand.rows === 'all' || c ? i : -1)).filter((i) => i >= 0);
  const k = targets.k;
  const picked: ProbMatrix = { n: keep.length, k, data: Float64Array.from(keep.flatMap((i) => Array.from(targets.data.subarray(i * k, i * k + k)))) };
  const source = cand.sharedWords ? sharedWordsOnly(train) : train.texts;
  const texts = keep.map((i) => source[i]);
  const clf = new LinearClassifier({ classNames, epochs: fit.epochs ?? MAX_EPOCHS, patience: 2, ...cand.options });
  const options = { seed, ...(fit.validation ? { validation: fit.validation } : {}) };
  const w = cand.targets === 'weighted' ? confidenceWeightedTargets(picked) : undefined;
  const report = w ? await clf.fit(texts, w.targets, { ...options, sampleWeights: w.weights }) : await clf.fit(texts, picked, options);
  return { clf, bestEpoch: report.bestEpoch };
}

/** Best (alpha, threshold) on dev: the blend of classifier and label model, and its decision threshold (binary tasks). */
function chooseBlend(Pclf: ProbMatrix, Plm: ProbMatrix, cov: boolean[], gold: Int32Array) {
  let best = { alpha: 1, threshold: 0.5, f1: -1 };
  for (const alpha of ALPHAS) {
    const mixed = blendWithLabelModel(Pclf, Plm, alpha, cov);
    for (const threshold of Plm.k === 2 ? THRESHOLDS : [0.5]) {
      const f1 = macro(gold, Plm.k === 2 ? predictAtThreshold(mixed, threshold) : argmax(mixed));
      if (f1 > best.f1) best = { alpha, threshold, f1 };
    }
  }
  return best;
}
const predictBlend = (Pclf: ProbMatrix, Plm: ProbMatrix, cov: boolean[], b: { alpha: number; threshold: number }) => {
  const mixed = blendWithLabelModel(Pclf, Plm, b.alpha, cov);
  return Plm.k === 2 ? predictAtThreshold(mixed, b.threshold) : argmax(mixed);
};

interface FoldResult {
  task: string;
  seed: number;
  chosen: Record<string, string | number>;
  dev: Record<string, number>;
  test: Record<string, number>;
  seconds: number;
}

/** One fold, one seed: chooses everything on the rotations' pooled dev, then fits once on all training data and scores test. */
async function runFold(task: Task, seed: number, withTfjs: boolean): Promise<FoldResult> {
  const started = performance.now();
  const k = task.classNames.length;
  const rots = task.rotations;
  const devGold = Int32Array.from(rots.flatMap((r) => Array.from(r.dev.labels)));
  const dev: Record<string, number> = {};
  const test: Record<string, number> = {};
  const chosen: Record<string, string | number> = {};

  // 1. The LF set and label model, chosen on dev.
  let bestLm = { set: 0, type: 'snorkel', f1: -1 };
  for (let set = 0; set < task.lfSets.length; set++) {
    for (const type of LABEL_MODELS) {
      const f1 = macro(devGold, argmax(concatProbs(rots.map((r) => fitLabelModel(type, r.lfSets[set].L.train, k, seed).predictProba(r.lfSets[set].L.dev)))));
      if (f1 > bestLm.f1) bestLm = { set, type, f1 };
    }
  }
  chosen.lfSet = task.lfSets[bestLm.set].name;
  chosen.labelModel = bestLm.type;
  dev.labelModel = bestLm.f1;
  const inner = rots.map((r) => {
    const { L } = r.lfSets[bestLm.set];
    const lm = fitLabelModel(bestLm.type, L.train, k, seed);
    return { P: { train: lm.predictProba(L.train), dev: lm.predictProba(L.dev) }, cov: { train: covered(L.train), dev: covered(L.dev) } };
  });
  const innerPlmDev = concatProbs(inner.map((x) => x.P.dev));
  const innerCovDev = inner.flatMap((x) => x.cov.dev);

  // 2. The linear classifier's training variant and its epochs, chosen on dev.
  let best: { cand: LinearCandidate; f1: number; epochs: number; clfs: LinearClassifier[]; P: ProbMatrix } | undefined;
  const candEpochs = new Map<string, number>();
  for (const cand of linearCandidates(task)) {
    const fits = await Promise.all(
      rots.map((r, i) => fitLinear(task.classNames, cand, r.train, inner[i].P.train, inner[i].cov.train, seed, { validation: r.dev })),
    );
    const P = concatProbs(await Promise.all(fits.map((f, i) => f.clf.predictProba(rots[i].dev.texts))));
    const f1 = macro(devGold, argmax(P));
    const epochs = median(fits.map((f) => f.bestEpoch));
    candEpochs.set(cand.name, epochs);
    dev[`linear[${cand.name}]`] = f1;
    if (!best || f1 > best.f1) best = { cand, f1, epochs, clfs: fits.map((f) => f.clf), P };
  }
  chosen.linear = best!.cand.name;
  chosen.epochs = best!.epochs;

  // 3. Self-training: confident classifier predictions replace the label model's labels on the training posts; kept if dev says so.
  const selfFits = await Promise.all(
    rots.map(async (r, i) => {
      const pseudo = pseudoLabelTargets(await best!.clfs[i].predictProba(r.train.texts), inner[i].P.train, SELF_TRAIN_CONFIDENCE);
      return fitLinear(task.classNames, { ...best!.cand, rows: 'all', targets: 'soft' }, r.train, pseudo.targets, inner[i].cov.train, seed + 1000, {
        epochs: best!.epochs,
      });
    }),
  );
  const selfP = concatProbs(await Promise.all(selfFits.map((f, i) => f.clf.predictProba(rots[i].dev.texts))));
  dev.selfTrained = macro(devGold, argmax(selfP));
  const selfTraining = dev.selfTrained > best!.f1;
  chosen.selfTraining = selfTraining ? 'on' : 'off';

  // 4. The ensemble with the label model and the decision threshold (alpha 0 is the label model alone).
  const blend = chooseBlend(selfTraining ? selfP : best!.P, innerPlmDev, innerCovDev, devGold);
  chosen.alpha = blend.alpha;
  chosen.threshold = blend.threshold;
  dev.endModel = blend.f1;
  const lmOnly = chooseBlend(innerPlmDev, innerPlmDev, innerCovDev, devGold); // the label model with its own threshold
  dev.labelModelThreshold = lmOnly.f1;

  // The fold's final fit with the chosen settings on all training data; the test set is scored once, here.
  const { L } = task.lfSets[bestLm.set];
  const lm = fitLabelModel(bestLm.type, L.train, k, seed);
  const P = { train: lm.predictProba(L.train), dev: lm.predictProba(L.dev), test: lm.predictProba(L.test) };
  const cov = { train: covered(L.train), test: covered(L.test) };
  test.labelModel = macro(task.test.labels, argmax(P.test));
  test.labelModelThreshold = macro(task.test.labels, predictBlend(P.test, P.test, cov.test, lmOnly));
  test.majorityVote = macro(task.test.labels, argmax(fitLabelModel('mv', L.train, k, seed).predictProba(L.test)));
  for (const ref of task.referenceLfSets ?? []) {
    test[`labelModel[${ref.name}]`] = macro(task.test.labels, argmax(fitLabelModel(bestLm.type, ref.L.train, k, seed).predictProba(ref.L.test)));
  }
  if (task.keywordTest) test.keyword = macro(task.test.labels, task.keywordTest);
  let finalClf: LinearClassifier | undefined;
  for (const cand of linearCandidates(task).filter((c) => ALL_TEST_ROWS || c.name === 'soft' || c.name === best!.cand.name)) {
    const { clf } = await fitLinear(task.classNames, cand, task.train, P.train, cov.train, seed, { epochs: candEpochs.get(cand.name)! });
    test[`linear[${cand.name}]`] = macro(task.test.labels, argmax(await clf.predictProba(task.test.texts)));
    if (cand.name === best!.cand.name) finalClf = clf;
  }
  test.linear = test[`linear[${best!.cand.name}]`];
  const pseudo = pseudoLabelTargets(await finalClf!.predictProba(task.train.texts), P.train, SELF_TRAIN_CONFIDENCE);
  const selfTrained = (
    await fitLinear(task.classNames, { ...best!.cand, rows: 'all', targets: 'soft' }, task.train, pseudo.targets, cov.train, seed + 1000, {
      epochs: best!.epochs,
    })
  ).clf;
  test.selfTrained = macro(task.test.labels, argmax(await selfTrained.predictProba(task.test.texts)));
  const endClf = selfTraining ? selfTrained : finalClf!;
  test.endModel = macro(task.test.labels, predictBlend(await endClf.predictProba(task.test.texts), P.test, cov.test, blend));

  // 5. The tfjs network on the same targets (soft, covered rows), early-stopped on every dev tweet; reported beside, not chosen.
  if (withTfjs) {
    const keep = cov.train.map((c, i) => (c ? i : -1)).filter((i) => i >= 0);
    const tfjs = new TfjsClassifier({ classNames: task.classNames, backend: 'wasm', epochs: TFJS_EPOCHS, patience: 2 });
    const targets = { n: keep.length, k, data: Float64Array.from(keep.flatMap((i) => Array.from(P.train.data.subarray(i * k, i * k + k)))) };
    const report = await tfjs.fit(
      keep.map((i) => task.train.texts[i]),
      targets,
      { seed, validation: task.dev },
    );
    dev.tfjs = report.validationMacroF1 ?? 0;
    test.tfjs = macro(task.test.labels, argmax(await tfjs.predictProba(task.test.texts)));
  }
  return { task: task.name, seed, chosen, dev, test, seconds: (performance.now() - started) / 1000 };
}

const toPoints = (texts: string[]) => texts.map((text, i) => ({ id: String(i), text }));

/** Leave-one-crisis-out: the test crisis is `testCrisis`; dev is DEV_PER_CRISIS tweets of each training crisis (drawn with `seed`). */
function crisisTask(testCrisis: (typeof CRISES)[number], seed: number): Task {
  const parts = CRISES.filter((c) => c !== testCrisis).map((crisis, c) => {
    const data = readCrisis(crisis);
    const order = shuffleInPlace(Array.from(data.texts.keys()), seededRandom(seed * 101 + c));
    const isDev = new Set(order.slice(0, DEV_PER_CRISIS));
    const pick = (inDev: boolean): Split => {
      const rows = Array.from(data.texts.keys()).filter((i) => isDev.has(i) === inDev);
      return { texts: rows.map((i) => data.texts[i]), labels: Int32Array.from(rows, (i) => data.labels[i]), crisis: rows.map(() => crisis) };
    };
    return { crisis, train: pick(false), dev: pick(true) };
  });
  const join = (splits: Split[]): Split => ({
    texts: splits.flatMap((s) => s.texts),
    labels: Int32Array.from(splits.flatMap((s) => Array.from(s.labels))),
    crisis: splits.flatMap((s) => s.crisis!),
  });
  // LF sets for some training crises: the lexicon is learned from their unlabelled training tweets only (never dev, never test).
  const lfSetsFrom = (from: typeof parts) => {
    const lexicon = learnCrisisLexicon(
      from.flatMap((p) => p.train.texts.map((text) => ({ text, crisis: p.crisis }))),
      HAZARD_WORDS,
    );
    return [
      { name: 'learned lexicon', lfs: crisisLexLabelingFunctions(lexicon) },
      { name: 'rules only', lfs: crisisLexLabelingFunctions([]) },
    ];
  };
  const apply = (lfs: LabelingFunction[], split: Split) => applyLabelingFunctions(toPoints(split.texts), lfs).L;
  const rotations: Rotation[] = parts.map((held) => {
    const rest = parts.filter((p) => p !== held);
    const train = join(rest.map((p) => p.train));
    return { train, dev: held.dev, lfSets: lfSetsFrom(rest).map(({ name, lfs }) => ({ name, L: { train: apply(lfs, train), dev: apply(lfs, held.dev) } })) };
  });
  const train = join(parts.map((p) => p.train));
  const dev = join(parts.map((p) => p.dev));
  const test = readCrisis(testCrisis);
  const applyAll = (sets: Array<{ name: string; lfs: LabelingFunction[] }>) =>
    sets.map(({ name, lfs }) => ({ name, L: { train: apply(lfs, train), dev: apply(lfs, dev), test: apply(lfs, test) } }));
  const hazard = apply(
    crisisLexLabelingFunctions([]).filter((lf) => lf.name === 'hazard_word'),
    test,
  );
  return {
    name: testCrisis,
    classNames: ['off-topic', 'on-topic'],
    rotations,
    train,
    dev,
    test,
    lfSets: applyAll(lfSetsFrom(parts)),
    referenceLfSets: applyAll([{ name: 'CrisisLexRec (saw test)', lfs: crisisLexLabelingFunctions(readCrisisLexicon()) }]),
    keywordTest: Int32Array.from(hazard.data, (v) => (v === 1 ? 1 : 0)),
    swapGroups: [HAZARD_WORDS],
  };
}

/** A WRENCH set: the shipped weak labels; train (gold hidden), valid as dev (one rotation), test. */
async function wrenchTask(set: string): Promise<Task> {
  const data = await readWrenchDir(datasetPath(set));
  if (!data.valid) throw new Error(`${set}: no valid.json, the protocol needs a dev split`);
  const split = (s: typeof data.train): Split => ({ texts: s.texts, labels: s.labels });
  const L = { train: data.train.L, dev: data.valid.L, test: data.test.L };
  return {
    name: set,
    classNames: data.classNames,
    rotations: [{ train: split(data.train), dev: split(data.valid), lfSets: [{ name: 'wrench LFs', L }] }],
    train: split(data.train),
    dev: split(data.valid),
    test: split(data.test),
    lfSets: [{ name: 'wrench LFs', L }],
  };
}

const results: FoldResult[] = [];
const report = (r: FoldResult) => {
  results.push(r);
  log(
    `${r.task} seed ${r.seed} (${r.seconds.toFixed(0)} s): ${JSON.stringify(r.chosen)} dev ${JSON.stringify(Object.fromEntries(Object.entries(r.dev).map(([k, v]) => [k, round(v)])))} test ${JSON.stringify(Object.fromEntries(Object.entries(r.test).map(([k, v]) => [k, round(v)])))}`,
  );
};
const crises = CRISES.filter((c) => FOLDS.length === 0 || FOLDS.some((f) => c.includes(f)));
for (const crisis of crises) {
  for (let seed = FIRST_SEED; seed <= SEEDS; seed++) report(await runFold(crisisTask(crisis, seed), seed, tfjsOn(crisis, seed)));
}
if (!process.argv.includes('--no-wrench')) {
  for (const set of ['wrench-youtube', 'wrench-sms']) {
    const task = await wrenchTask(set);
    for (let seed = FIRST_SEED; seed <= SEEDS; seed++) report(await runFold(task, seed, tfjsOn(set, seed)));
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
  return {
    task,
    test: summary,
    gain: { mean: round(mean(gains)), min: round(gains.reduce((a, g) => Math.min(a, g), Infinity)) },
    chosen: rows.map((r) => r.chosen),
  };
});
log('');
log(`| fold | ${COLUMNS.join(' | ')} | gain |`);
log(`|---|${COLUMNS.map(() => '---|').join('')}---|`);
for (const f of folds) {
  log(
    `| ${f.task} | ${COLUMNS.map((c) => (f.test[c] ? `${f.test[c].mean.toFixed(4)} ± ${f.test[c].sd.toFixed(4)}` : '–')).join(' | ')} | ${f.gain.mean >= 0 ? '+' : ''}${f.gain.mean.toFixed(4)} |`,
  );
}
const crisisFolds = folds.filter((f) => f.task.startsWith('20'));
const summary = {
  protocol: `leave-one-crisis-out on CrisisLexT6 (dev: ${DEV_PER_CRISIS} gold tweets of each training crisis) and WRENCH train/valid/test; every setting chosen on dev`,
  seeds: SEEDS,
  tfjs: { seeds: TFJS_SEEDS, folds: TFJS_FOLDS.length ? TFJS_FOLDS : 'all', maxEpochs: TFJS_EPOCHS, backend: 'wasm' },
  crisislex_mean_gain: crisisFolds.length ? round(mean(crisisFolds.map((f) => f.gain.mean))) : null,
  crisislex_folds_won: crisisFolds.filter((f) => f.gain.mean > 0).length,
  all_mean_gain: round(mean(folds.map((f) => f.gain.mean))),
  folds,
  runs: results.map((r) => ({
    ...r,
    dev: Object.fromEntries(Object.entries(r.dev).map(([k, v]) => [k, round(v)])),
    test: Object.fromEntries(Object.entries(r.test).map(([k, v]) => [k, round(v)])),
    seconds: Number(r.seconds.toFixed(1)),
  })),
};
log(
  `mean gain of the chosen end model over the label model: CrisisLexT6 ${summary.crisislex_mean_gain} (${summary.crisislex_folds_won}/${crisisFolds.length} folds won), all ${summary.all_mean_gain}`,
);
console.log(JSON.stringify(summary));
