// How `auto` picks among candidates from their dev predictions: the default unless beaten significantly (paired bootstrap), the one-standard-error rule, or the best score.

import { LabelModelError, scoreMetrics, seededRandom } from '@skimmer/core';

/**
 * - 'vs-default' (auto's default): the default candidate (Snorkel's model) unless the candidate with the best dev
 *   score beats it in at least 95% of the paired bootstrap resamples of the dev rows (a one-sided paired bootstrap
 *   test at 5%), so a lead the dev split cannot resolve does not move the choice.
 * - 'one-se': the first candidate, in the candidates' order (simplest first), whose dev score is within one
 *   paired-bootstrap standard error of the best score (Breiman et al. 1984; Hastie, Tibshirani & Friedman, ESL §7.10).
 * - 'best': the best dev score (ties keep the earlier candidate).
 * - 'vs-baselines': like 'vs-default', but a candidate must beat every baseline (the default and majority vote) in
 *   95% of the resamples; among those that do, the best dev score; if none does, the default unless another baseline
 *   beats it so (a model must beat the simplest one too, not only the reference).
 */
export const AUTO_SELECTION_RULES = ['vs-default', 'one-se', 'best', 'vs-baselines'] as const;
export type AutoSelectionRule = (typeof AUTO_SELECTION_RULES)[number];

export interface SelectionInput {
  /** Each candidate's predictions on the dev rows; null for a candidate that may not be chosen (degenerate, failed). */
  readonly preds: readonly (ArrayLike<number> | null)[];
  readonly Ydev: ArrayLike<number>;
  readonly metric: string;
  readonly rule: AutoSelectionRule;
  /** Bootstrap resamples of the dev rows (default 1000). */
  readonly resamples?: number;
  readonly seed?: number;
  /** 'vs-default' / 'vs-baselines': the index of the default candidate (default 0). */
  readonly defaultIndex?: number;
  /** 'vs-baselines': the other baselines' indices (majority vote), besides the default. */
  readonly baselineIndices?: readonly number[];
  /** Rows of the dev split to use (default all): lets a caller select on a subsample without copying. */
  readonly rows?: ArrayLike<number>;
}

export interface SelectionResult {
  /** Index of the chosen candidate. */
  chosen: number;
  /** Index of the candidate with the best dev score. */
  best: number;
  /** Per candidate: its dev score on the rows used (null when it may not be chosen). */
  scores: (number | null)[];
  /** Per candidate: the bootstrap standard error of (best score − its score); 0 for the best, null when not computed. */
  standardErrors: (number | null)[];
}

/**
 * Chooses a candidate from its dev predictions by `rule`. Resamples are paired (every candidate is scored on the
 * same resampled rows), seeded, so the choice is reproducible.
 *
 * @example
 * selectCandidate({ preds: [mvPreds, snorkelPreds], Ydev, metric: 'f1', rule: 'one-se' }).chosen; // 0 unless snorkel leads by > 1 SE
 */
export function selectCandidate(input: SelectionInput): SelectionResult {
  const { preds, metric, rule, resamples = 1000, seed = 123, defaultIndex = 0 } = input;
  const rows = input.rows ?? Array.from({ length: input.Ydev.length }, (_, i) => i);
  const n = rows.length;
  if (n === 0) throw new LabelModelError('auto: no dev rows to choose on', { field: 'Ydev' });
  const gold = Int32Array.from({ length: n }, (_, i) => input.Ydev[rows[i]]);
  const predOf = (c: number) => Int32Array.from({ length: n }, (_, i) => preds[c]![rows[i]]);
  const score = (y: ArrayLike<number>, p: ArrayLike<number>) => scoreMetrics(y, p, [metric])[metric];
  const candidatePreds = preds.map((p, c) => (p ? predOf(c) : null));
  const scores = candidatePreds.map((p) => (p ? finiteOrNull(score(gold, p)) : null));
  let best = -1;
  scores.forEach((s, c) => {
    if (s !== null && (best < 0 || s > scores[best]!)) best = c;
  });
  if (best < 0) throw new LabelModelError('auto: no candidate may be chosen', { field: 'candidates' });
  const standardErrors: (number | null)[] = scores.map(() => null);
  if (rule === 'best') return { chosen: best, best, scores, standardErrors };

  // Paired bootstrap: resampledScores[c][r] = score of c on resample r (every candidate on the same rows).
  const rng = seededRandom(seed);
  const resampledScores = scores.map(() => new Float64Array(resamples));
  const y = new Int32Array(n);
  const p = new Int32Array(n);
  const idx = new Int32Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      idx[i] = Math.floor(rng() * n);
      y[i] = gold[idx[i]];
    }
    scores.forEach((s, c) => {
      if (s === null) return;
      const cp = candidatePreds[c]!;
      for (let i = 0; i < n; i++) p[i] = cp[idx[i]];
      const v = score(y, p);
      resampledScores[c][r] = Number.isFinite(v) ? v : 0;
    });
  }
  const diffs = (a: number, b: number) => resampledScores[a].map((v, r) => v - resampledScores[b][r]);
  const beats = (a: number, b: number) => diffs(a, b).reduce((count, d) => count + (d > 0 ? 1 : 0), 0) >= 0.95 * resamples;
  scores.forEach((s, c) => {
    if (s !== null) standardErrors[c] = c === best ? 0 : standardDeviation(diffs(best, c));
  });
  if (rule === 'vs-default') {
    if (scores[defaultIndex] === null || defaultIndex === best) return { chosen: best, best, scores, standardErrors };
    return { chosen: beats(best, defaultIndex) ? best : defaultIndex, best, scores, standardErrors };
  }
  if (rule === 'vs-baselines') {
    const baselines = [defaultIndex, ...(input.baselineIndices ?? [])].filter((b, i, all) => scores[b] !== null && all.indexOf(b) === i);
    if (baselines.length === 0) return { chosen: best, best, scores, standardErrors };
    let chosen = -1;
    scores.forEach((s, c) => {
      if (s === null || baselines.includes(c) || !baselines.every((b) => beats(c, b))) return;
      if (chosen < 0 || s > scores[chosen]!) chosen = c;
    });
    if (chosen < 0) chosen = baselines.slice(1).find((b) => baselines.every((o) => o === b || beats(b, o))) ?? baselines[0];
    return { chosen, best, scores, standardErrors };
  }
  const chosen = scores.findIndex((s, c) => s !== null && scores[best]! - s <= standardErrors[c]!);
  return { chosen, best, scores, standardErrors };
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function standardDeviation(values: Float64Array): number {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return Math.sqrt(ss / Math.max(1, values.length - 1));
}
