// Compares `auto`'s selection rules on train and valid data only (no test labels): select on half-size valid subsamples, score the choice on train's gold.
//
// Protocol, fixed before it was run: for each WRENCH set, every auto candidate is fitted as `auto` fits it (train's
// label matrix without gold; ds-dev on valid's gold, out-of-fold on valid). For 100 seeded random halves of valid (a
// dev split half as large, where noise matters more) and for the whole valid split, each rule chooses a candidate
// from its valid predictions; the choice is scored on train's gold labels, which no model reads (F1 for 2 classes,
// accuracy otherwise, random tie-break). The rule with the highest mean over the sets of the mean train score wins;
// within 0.002 of another, the textbook one-standard-error rule. Test splits are never read.
//
// npx tsx bench/labelmodelSelectionRule.ts [--subsamples 100] [--resamples 200]   (trec when $SKIMMER_EXTRA_DATA holds wrench-trec)

import { parseArgs } from 'node:util';
import { probsToPreds, scoreMetrics, seededRandom, shuffleInPlace } from '@skimmer/core';
import {
  AUTO_SELECTION_RULES,
  DEFAULT_AUTO_CANDIDATES,
  createLabelModel,
  fitAutoCandidates,
  readWrenchDir,
  selectCandidate,
  usableDevPreds,
} from '@skimmer/labelmodel';
import { WRENCH_RULE_SETS } from './wrenchSets.ts';

const { values } = parseArgs({ options: { subsamples: { type: 'string', default: '100' }, resamples: { type: 'string', default: '200' } } });
const subsamples = Number(values.subsamples);
const resamples = Number(values.resamples);

const results: Record<string, unknown>[] = [];
const meanByRule: Record<string, number[]> = Object.fromEntries(AUTO_SELECTION_RULES.map((r) => [r, []]));
for (const [name, dir] of WRENCH_RULE_SETS) {
  if (!dir) {
    console.error(`${name}: not available (optional data), skipped`);
    continue;
  }
  const { train, valid, cardinality: k } = await readWrenchDir(dir);
  const metric = k === 2 ? 'f1' : 'accuracy';
  const candidates = DEFAULT_AUTO_CANDIDATES;
  const fitted = fitAutoCandidates(train.L, valid!.L, valid!.labels, { metric, candidates, seed: 123 }, createLabelModel, k);
  const usable = usableDevPreds(fitted);
  const trainScore = fitted.models.map((m) => (m ? scoreMetrics(train.labels, probsToPreds(m.predictProba(train.L), 'random'), [metric])[metric] : Number.NaN));
  const index = (n: string) => candidates.findIndex((c) => c.name === n);
  const baseline = Math.max(trainScore[index('mv')], trainScore[index('snorkel')]);
  const defaultIndex = index('snorkel');
  const nValid = valid!.L.n;
  const perRule: Record<string, { meanTrain: number; meanRegret: number; atLeastBaseline: number; chosen: Record<string, number>; fullValidChoice: string }> =
    {};
  for (const rule of AUTO_SELECTION_RULES) {
    const chosenCount: Record<string, number> = {};
    let sum = 0;
    let atLeast = 0;
    for (let s = 0; s < subsamples; s++) {
      const rows = shuffleInPlace(
        Array.from({ length: nValid }, (_, i) => i),
        seededRandom(1000 + s),
      ).slice(0, Math.floor(nValid / 2));
      const { chosen } = selectCandidate({ preds: usable, Ydev: valid!.labels, metric, rule, rows, resamples, seed: s, defaultIndex });
      sum += trainScore[chosen];
      if (trainScore[chosen] >= baseline - 1e-12) atLeast++;
      chosenCount[candidates[chosen].name] = (chosenCount[candidates[chosen].name] ?? 0) + 1;
    }
    const full = selectCandidate({ preds: usable, Ydev: valid!.labels, metric, rule, resamples: 1000, seed: 123, defaultIndex });
    const meanTrain = sum / subsamples;
    meanByRule[rule].push(meanTrain);
    perRule[rule] = {
      meanTrain: round(meanTrain),
      meanRegret: round(baseline - meanTrain),
      atLeastBaseline: round(atLeast / subsamples),
      chosen: chosenCount,
      fullValidChoice: candidates[full.chosen].name,
    };
  }
  const trainScores = Object.fromEntries(candidates.map((c, i) => [c.name, round(trainScore[i])]));
  const validScores = Object.fromEntries(fitted.reports.map((r) => [r.name, r.devScore]));
  console.error(`${name} (${metric}): train gold ${JSON.stringify(trainScores)}; valid ${JSON.stringify(validScores)}`);
  for (const [rule, r] of Object.entries(perRule)) console.error(`  ${rule}: ${JSON.stringify(r)}`);
  results.push({ set: name, metric, n_train: train.L.n, n_valid: nValid, trainScores, validScores, rules: perRule });
}
const overall = Object.fromEntries(Object.entries(meanByRule).map(([rule, xs]) => [rule, round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length))]));
console.log(JSON.stringify({ subsamples, resamples, overall, results }));

function round(value: number, digits = 4): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
