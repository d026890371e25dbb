// Benchmark: active learning on CrisisLexT6: test macro F1 against gold labels gathered, margin sampling vs random.
// Pool: Sandy + Alberta + Boston with gold hidden behind a simulated annotator; test (--test): 'in-domain' (default),
// 5,000 tweets of the same three crises held out of the pool, or 'oklahoma', the unseen crisis. Each round retrains the
// linear classifier on the label model's labels of the whole pool with the gold gathered so far in their place (the
// examples/crisislex LFs and Snorkel label model). Writes docs/img/learning-curve.svg (in-domain only).
// A tagged row counts GOLD_WEIGHT times (default 10; --gold-weight N).
// Usage: npm run bench:active-learning -- [--json] [--gold-weight N] [--test in-domain|oklahoma]; the last line is one JSON object.

import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  SimulatedAnnotator,
  applyLabelingFunctions,
  f1Macro,
  probsToPreds,
  seededRandom,
  shuffleInPlace,
  labelsToReach,
  learningCurveSvg,
  runActiveLearningLoop,
  summarizeCurves,
  textGroupKeys,
  type LearningCurvePoint,
  type SelectionStrategy,
} from '@skimmer/core';
import { SnorkelLabelModel } from '@skimmer/labelmodel';
import { LinearClassifier } from '@skimmer/plugins-linear';
import { readCrisis } from '../test-support/crisislexData.ts';
import { CLASS_NAMES as CLASSES, crisisLexLabelingFunctions } from '../examples/crisislex/crisislexLFs.ts';

const CHECKPOINTS = [50, 100, 200, 300, 400, 500, 600, 800, 1000];
const SEEDS = [1, 2, 3];
const STRATEGIES: SelectionStrategy[] = ['margin', 'random'];
const goldWeightFlag = process.argv.indexOf('--gold-weight');
const GOLD_WEIGHT = goldWeightFlag >= 0 ? Number(process.argv[goldWeightFlag + 1]) : 10;

const testFlag = process.argv.indexOf('--test');
const TEST = testFlag >= 0 ? process.argv[testFlag + 1] : 'in-domain';
if (TEST !== 'in-domain' && TEST !== 'oklahoma') throw new Error(`--test must be in-domain or oklahoma, got ${TEST}`);
const IN_DOMAIN_TEST_SIZE = 5000;

const parts = [readCrisis('2012_Sandy_Hurricane'), readCrisis('2013_Alberta_Floods'), readCrisis('2013_Boston_Bombings')];
const allTexts = parts.flatMap((p) => p.texts);
const allGold = Int32Array.from(parts.flatMap((p) => Array.from(p.labels)));
// In-domain: a seeded draw (seed 99) of 5,000 rows is the test set; the pool keeps the rest, in file order.
const drawn = shuffleInPlace(Array.from(allTexts.keys()), seededRandom(99));
const testRows = TEST === 'in-domain' ? drawn.slice(0, IN_DOMAIN_TEST_SIZE) : [];
const poolRows = TEST === 'in-domain' ? drawn.slice(IN_DOMAIN_TEST_SIZE).sort((a, b) => a - b) : Array.from(allTexts.keys());
const poolTexts = poolRows.map((r) => allTexts[r]);
const poolGold = Int32Array.from(poolRows, (r) => allGold[r]);
const test =
  TEST === 'in-domain'
    ? { texts: testRows.map((r) => allTexts[r]), labels: Int32Array.from(testRows, (r) => allGold[r]) }
    : readCrisis('2013_Oklahoma_Tornado');
// Both strategies skip retweets and copies of tweets already chosen (one normalised text, one tag).
const groupKeys = textGroupKeys(poolTexts);

const started = performance.now();
// The weak labels: the example's five LFs and the Snorkel label model, fitted on the pool (no gold).
const toPoints = (texts: readonly string[]) => texts.map((text, i) => ({ id: String(i), text }));
const poolL = applyLabelingFunctions(toPoints(poolTexts), crisisLexLabelingFunctions()).L;
const labelModel = new SnorkelLabelModel({ cardinality: 2 });
labelModel.fit(poolL, { seed: 1 });
const weakLabels = labelModel.predictProba(poolL);
const labelModelF1 = f1Macro(
  test.labels,
  probsToPreds(labelModel.predictProba(applyLabelingFunctions(toPoints(test.texts), crisisLexLabelingFunctions()).L), 'random'),
);
const createClassifier = () => new LinearClassifier({ classNames: CLASSES });
const weakOnly = createClassifier();
await weakOnly.fit(poolTexts, weakLabels, { seed: 1 });
const weakOnlyF1 = f1Macro(test.labels, probsToPreds(await weakOnly.predictProba(test.texts), 'random'));

const runs: Record<string, LearningCurvePoint[][]> = {};
for (const strategy of STRATEGIES) {
  runs[strategy] = [];
  for (const seed of SEEDS) {
    const curve = await runActiveLearningLoop({
      poolTexts,
      annotator: new SimulatedAnnotator(poolGold),
      createClassifier,
      weakLabels,
      goldWeight: GOLD_WEIGHT,
      test,
      strategy,
      checkpoints: CHECKPOINTS,
      batchSize: 50,
      groupKeys,
      seed,
    });
    runs[strategy].push(curve);
    if (!process.argv.includes('--json')) console.log(strategy, seed, curve.map((p) => `${p.labels}:${p.macroF1.toFixed(3)}`).join(' '));
  }
}

const curves = Object.fromEntries(STRATEGIES.map((s) => [s, summarizeCurves(runs[s])]));
const randomAt1000 = curves.random[curves.random.length - 1].mean;
const marginMean = curves.margin.map((p) => ({ labels: p.labels, macroF1: p.mean }));
const marginLabels = labelsToReach(marginMean, randomAt1000);
const round4 = (v: number) => Number(v.toFixed(4));

// The plot is of the default (in-domain) test; --test oklahoma leaves it as it is.
if (TEST === 'in-domain')
  writeFileSync(
    new URL('../docs/img/learning-curve.svg', import.meta.url),
    learningCurveSvg(
      [
        { name: 'margin sampling', color: '#c0392b', points: curves.margin },
        { name: 'random', color: '#2c6fbb', points: curves.random },
      ],
      `CrisisLexT6: pool 3 crises, test ${TEST === 'in-domain' ? '5,000 held out of them' : 'Oklahoma'} (${SEEDS.length} seeds)`,
    ),
  );

const result = {
  pool_rows: poolTexts.length,
  test_rows: test.texts.length,
  classifier: 'linear on the label model’s labels of the pool, gold tags in their place',
  test: TEST,
  gold_weight: GOLD_WEIGHT,
  label_model_f1: round4(labelModelF1),
  weak_labels_only_f1: round4(weakOnlyF1),
  batch_size: 50,
  seeds: SEEDS,
  curves: Object.fromEntries(
    STRATEGIES.map((s) => [s, curves[s].map((p) => ({ labels: p.labels, mean: round4(p.mean), min: round4(p.min), max: round4(p.max) }))]),
  ),
  random_f1_at_1000: round4(randomAt1000),
  margin_labels_to_match: marginLabels === undefined ? null : Math.round(marginLabels),
  label_ratio_margin_vs_random: marginLabels === undefined ? null : round4(marginLabels / 1000),
  total_s: Number(((performance.now() - started) / 1000).toFixed(1)),
};
if (!process.argv.includes('--json')) {
  console.log(
    `random reaches ${result.random_f1_at_1000} at 1000 labels; margin sampling reaches it at ${result.margin_labels_to_match} (ratio ${result.label_ratio_margin_vs_random})`,
  );
}
console.log(JSON.stringify(result));
