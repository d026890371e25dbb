// Chooses auto's candidates and rule under simulated label shift, on train and valid data only (no test labels): class-resampled train rows stand in for a test split whose class shares differ.
//
// Protocol, written down before it was run (and before any test figure of the changes it compares):
// Candidate sets: C0 = DEFAULT_AUTO_CANDIDATES (auto's default candidates); C2 = C0 with every model
// that has a class prior replaced by its label-shift version (snorkel-ls, ds-ls, ebcc-ls, ds-dev-ls ×3; mv and fs unchanged); C1 = C0 plus those
// versions. Rules: vs-default (Snorkel's model, or snorkel-ls in C2, unless beaten in 95% of paired bootstrap
// resamples) and vs-baselines (a choice must also beat majority vote so). Every candidate is fitted as auto fits it
// (train's label matrix without gold; ds-dev on valid's gold, out of fold on valid).
// Simulated deployments, per set: 100 targets; target t draws class shares q ~ Dirichlet(1, …, 1) (seeded), then
// min(500, n_train) rows: each a class from q, then a uniform train row of that class (train gold is read only here,
// to draw and to score; no model reads it). The target's label matrix is those rows' votes: label-shift candidates
// re-estimate the prior on it. Each configuration chooses from the predictions on a random half of valid (seed t,
// 200 resamples) and its choice is scored on target t (F1 for 2 classes, accuracy otherwise, random tie-break).
// Winner: the highest mean over the sets of the mean target score; a configuration within 0.002 of the best gives
// way to the earlier one in the order C0/vs-default (today's), C0/vs-baselines, C2/vs-default, C2/vs-baselines,
// C1/vs-default, C1/vs-baselines. Reported too: the choice on the whole valid split, the unshifted train score, the
// worst target. Test splits are never read.
//
// Amendment (after the first run and after the one test run of its winner, issue 21 review): the protocol above
// scored only shifted deployments and omitted the unshifted case every user meets first (a deployment whose class
// shares are the training data's). Each configuration now also reports meanUnshifted: the mean over the same 100
// valid halves of its choice's score on every gold-labelled train row (label-shift candidates re-estimate the prior on
// those rows), beside meanShifted, and `overallUnshifted` beside `overall`. `winnerShiftedOnly` is the original
// criterion above; `winner` is the amended one: the original criterion among the configurations whose meanUnshifted is
// not below today's (C0/vs-default) by more than 0.002 on any set. It was written after the results of the original
// criterion were known (see docs/label-models.md), so it is a guard, not an unbiased selection.
//
// npx tsx bench/labelmodelLabelShift.ts [--targets 100] [--resamples 200]   (trec when $SKIMMER_EXTRA_DATA holds wrench-trec)

import { parseArgs } from 'node:util';
import { probsToPreds, scoreMetrics, seededRandom, shuffleInPlace } from '@skimmer/core';
import type { ProbMatrix } from '@skimmer/core';
import {
  DEFAULT_AUTO_CANDIDATES,
  PriorShiftLabelModel,
  adaptClassPrior,
  createLabelModel,
  fitAutoCandidates,
  usableDevPreds,
  labelShiftCandidate,
  modelClassPrior,
  readWrenchDir,
  selectCandidate,
} from '@skimmer/labelmodel';
import type { AutoCandidate, AutoSelectionRule } from '@skimmer/labelmodel';
import { WRENCH_RULE_SETS } from './wrenchSets.ts';

const { values } = parseArgs({ options: { targets: { type: 'string', default: '100' }, resamples: { type: 'string', default: '200' } } });
const targets = Number(values.targets);
const resamples = Number(values.resamples);

const lsCandidates = DEFAULT_AUTO_CANDIDATES.filter((c) => labelShiftCandidate(c) !== c).map(labelShiftCandidate);
const pool: AutoCandidate[] = [...DEFAULT_AUTO_CANDIDATES, ...lsCandidates];
const CONFIGS: { name: string; members: string[]; defaultName: string; rule: AutoSelectionRule }[] = [];
const c0 = DEFAULT_AUTO_CANDIDATES.map((c) => c.name);
const c2 = DEFAULT_AUTO_CANDIDATES.map((c) => labelShiftCandidate(c).name);
const c1 = pool.map((c) => c.name);
for (const [set, members, defaultName] of [
  ['C0', c0, 'snorkel'],
  ['C2', c2, 'snorkel-ls'],
  ['C1', c1, 'snorkel'],
] as const) {
  for (const rule of ['vs-default', 'vs-baselines'] as const) CONFIGS.push({ name: `${set}/${rule}`, members: [...members], defaultName, rule });
}

const results: Record<string, unknown>[] = [];
const meanByConfig: Record<string, number[]> = Object.fromEntries(CONFIGS.map((c) => [c.name, []]));
const unshiftedByConfig: Record<string, number[]> = Object.fromEntries(CONFIGS.map((c) => [c.name, []]));
for (const [setName, dir] of WRENCH_RULE_SETS) {
  if (!dir) {
    console.error(`${setName}: not available (optional data), skipped`);
    continue;
  }
  const { train, valid, cardinality: k } = await readWrenchDir(dir);
  const metric = k === 2 ? 'f1' : 'accuracy';
  const score = (gold: ArrayLike<number>, probs: ProbMatrix) => scoreMetrics(gold, probsToPreds(probs, 'random'), [metric])[metric];
  const fitted = fitAutoCandidates(train.L, valid!.L, valid!.labels, { metric, candidates: pool, seed: 123 }, createLabelModel, k);
  const usable = usableDevPreds(fitted);
  // Per candidate: posteriors on every train row before adaptation, and the prior they assume (label-shift ones).
  const trainProbs = fitted.models.map((m) => (m ? (m instanceof PriorShiftLabelModel ? m.inner : m).predictProba(train.L) : undefined));
  const trainPriors = fitted.models.map((m) => (m instanceof PriorShiftLabelModel ? modelClassPrior(m.inner) : undefined));
  const byClass = Array.from({ length: k }, () => [] as number[]);
  train.labels.forEach((y, i) => {
    if (y >= 0) byClass[y].push(i);
  });
  const size = Math.min(500, train.L.n);
  // The score of candidate c on a set of train rows, adapted to those rows when c is a label-shift model.
  const scoreOn = (c: number, rows: number[]) => {
    const full = trainProbs[c];
    if (!full) return Number.NaN;
    const data = new Float64Array(rows.length * k);
    rows.forEach((row, i) => data.set(full.data.subarray(row * k, (row + 1) * k), i * k));
    const probs = trainPriors[c] ? adaptClassPrior({ n: rows.length, k, data }, trainPriors[c]!).probs : { n: rows.length, k, data };
    return score(
      rows.map((row) => train.labels[row]),
      probs,
    );
  };
  const allRows = Array.from({ length: train.L.n }, (_, i) => i).filter((i) => train.labels[i] >= 0);
  const unshifted = pool.map((_, c) => scoreOn(c, allRows));
  const targetRows: number[][] = [];
  const targetScores: number[][] = [];
  for (let t = 0; t < targets; t++) {
    const rng = seededRandom(5000 + t);
    const q = dirichletOnes(k, rng);
    const rows: number[] = [];
    for (let i = 0; i < size; i++) {
      let u = rng();
      let y = 0;
      while (y < k - 1 && (u -= q[y]) > 0) y++;
      while (byClass[y].length === 0) y = (y + 1) % k;
      rows.push(byClass[y][Math.floor(rng() * byClass[y].length)]);
    }
    targetRows.push(rows);
    targetScores.push(pool.map((_, c) => scoreOn(c, rows)));
  }
  const nValid = valid!.L.n;
  const perConfig: Record<string, unknown> = {};
  for (const config of CONFIGS) {
    const indices = config.members.map((name) => pool.findIndex((c) => c.name === name));
    const preds = indices.map((c) => usable[c]);
    const defaultIndex = config.members.indexOf(config.defaultName);
    const baselineIndices = [config.members.indexOf('mv')];
    const chosenCount: Record<string, number> = {};
    const shifted: number[] = [];
    const unshiftedChoice: number[] = [];
    for (let t = 0; t < targets; t++) {
      const rows = shuffleInPlace(
        Array.from({ length: nValid }, (_, i) => i),
        seededRandom(1000 + t),
      ).slice(0, Math.floor(nValid / 2));
      const { chosen } = selectCandidate({ preds, Ydev: valid!.labels, metric, rule: config.rule, rows, resamples, seed: t, defaultIndex, baselineIndices });
      shifted.push(targetScores[t][indices[chosen]]);
      unshiftedChoice.push(unshifted[indices[chosen]]);
      chosenCount[config.members[chosen]] = (chosenCount[config.members[chosen]] ?? 0) + 1;
    }
    const full = selectCandidate({ preds, Ydev: valid!.labels, metric, rule: config.rule, resamples: 1000, seed: 123, defaultIndex, baselineIndices });
    const meanShifted = shifted.reduce((a, b) => a + b, 0) / targets;
    const meanUnshifted = unshiftedChoice.reduce((a, b) => a + b, 0) / targets;
    meanByConfig[config.name].push(meanShifted);
    unshiftedByConfig[config.name].push(meanUnshifted);
    perConfig[config.name] = {
      meanShifted: round(meanShifted),
      meanUnshifted: round(meanUnshifted),
      worstShifted: round(shifted.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY)),
      chosen: chosenCount,
      fullValidChoice: config.members[full.chosen],
      fullValidChoiceUnshiftedTrain: round(unshifted[indices[full.chosen]]),
    };
  }
  const meanTarget = pool.map((_, c) => round(targetScores.reduce((a, s) => a + s[c], 0) / targets));
  const candidateScores = Object.fromEntries(
    pool.map((c, i) => [
      c.name,
      { valid: fitted.reports[i].devScore, trainUnshifted: round(unshifted[i]), meanShifted: meanTarget[i], warnings: fitted.reports[i].warnings.length },
    ]),
  );
  console.error(`${setName} (${metric}): ${JSON.stringify(candidateScores)}`);
  for (const [name, r] of Object.entries(perConfig)) console.error(`  ${name}: ${JSON.stringify(r)}`);
  results.push({ set: setName, metric, n_train: train.L.n, n_valid: nValid, target_size: size, candidates: candidateScores, configs: perConfig });
}
const meanOf = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
const overall = Object.fromEntries(Object.entries(meanByConfig).map(([name, xs]) => [name, meanOf(xs)]));
const overallUnshifted = Object.fromEntries(Object.entries(unshiftedByConfig).map(([name, xs]) => [name, meanOf(xs)]));
const winnerAmong = (names: string[]) => {
  const bestMean = names.reduce((best, name) => Math.max(best, overall[name]), Number.NEGATIVE_INFINITY);
  return names.find((name) => overall[name] >= bestMean - 0.002)!;
};
const winnerShiftedOnly = winnerAmong(CONFIGS.map((c) => c.name));
// The amended criterion: no set's unshifted score more than 0.002 below today's configuration (C0/vs-default, the first).
const today = unshiftedByConfig[CONFIGS[0].name];
const guarded = CONFIGS.map((c) => c.name).filter((name) => unshiftedByConfig[name].every((u, s) => u >= today[s] - 0.002));
const winner = winnerAmong(guarded);
console.log(JSON.stringify({ targets, resamples, overall, overallUnshifted, winnerShiftedOnly, unshiftedGuardPassed: guarded, winner, results }));

/** A draw from Dirichlet(1, …, 1): normalised exponentials. */
function dirichletOnes(k: number, rng: () => number): Float64Array {
  const g = Float64Array.from({ length: k }, () => -Math.log(1 - rng()));
  const sum = g.reduce((a, b) => a + b, 0);
  return g.map((v) => v / sum);
}

function round(value: number, digits = 4): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
