// Scores a retrained classifier on one gold split: accuracy, macro F1, the report's F1, expected calibration error, coverage.

import { expectedCalibrationError, f1Macro, probsToPreds } from '@skimmer/core';
import type { Classifier, ProbMatrix, TieBreakPolicy } from '@skimmer/core';
import type { SplitName } from '../config/pipelineConfigSchema.ts';
import type { SplitSource } from '../data/splitSources.ts';
import { predictGoldSplit } from '../stages/classifierData.ts';
import { splitMetrics, type SplitMetrics } from '../stages/splitMetrics.ts';

/** One split's figures: those of the run report plus macro F1 and ECE. */
export interface IterationSplitMetrics extends SplitMetrics {
  readonly macroF1: number;
  /** Expected calibration error, 10 equal-width bins on the top-class probability. */
  readonly ece: number;
}

/** An iteration's metrics per gold split, and which split the learning curve follows. */
export interface IterationMetrics {
  readonly splits: Partial<Record<SplitName, IterationSplitMetrics>>;
  /** test, else valid, else dev: the first split with gold. */
  readonly evaluationSplit: SplitName | null;
}

/** Splits the learning curve prefers, in order. */
export const EVALUATION_SPLITS: readonly SplitName[] = ['test', 'valid', 'dev'];

/**
 * Scores `probs` (one row per point of the split) against `gold` (-1 = unknown, skipped).
 *
 * @example
 * scoreSplit({ n: 2, k: 2, data: Float64Array.from([0.9, 0.1, 0.4, 0.6]) }, Int32Array.from([0, 0]), 'random');
 * // { accuracy: 0.5, f1: 0, coverage: 1, n: 2, macroF1: 0.333…, ece: 0.35 }
 */
export function scoreSplit(probs: ProbMatrix, gold: Int32Array, tieBreakPolicy: TieBreakPolicy): IterationSplitMetrics {
  const preds = probsToPreds(probs, tieBreakPolicy);
  const known: number[] = [];
  for (let i = 0; i < gold.length; i++) if (gold[i] >= 0) known.push(i);
  return {
    ...splitMetrics(gold, preds, probs.k),
    macroF1: f1Macro(
      known.map((i) => gold[i]),
      known.map((i) => preds[i]),
    ),
    ece: expectedCalibrationError(probs, gold),
  };
}

/**
 * Scores `classifier` on every split with gold rows but train, each read chunk by chunk (a split without any is not
 * predicted); the evaluation split is test, else valid, else dev.
 *
 * @example
 * (await scoreOnGoldSplits(classifier, sources, 'random', 20_000)).splits.test?.macroF1;
 */
export async function scoreOnGoldSplits(
  classifier: Classifier,
  sources: ReadonlyMap<SplitName, SplitSource>,
  tieBreakPolicy: TieBreakPolicy,
  chunkRows: number,
): Promise<IterationMetrics> {
  const splits: Partial<Record<SplitName, IterationSplitMetrics>> = {};
  for (const [name, source] of sources) {
    if (name === 'train') continue;
    const scored = await predictGoldSplit(classifier, source, chunkRows);
    if (scored) splits[name] = scoreSplit(scored.probs, scored.gold, tieBreakPolicy);
  }
  return { splits, evaluationSplit: EVALUATION_SPLITS.find((name) => splits[name] !== undefined) ?? null };
}
