// The classifier stage: trains the configured classifier (a ClassifierFactory a plugin registered) on train texts and soft labels, and scores it.

import path from 'node:path';
import { probsToPreds } from '@skimmer/core';
import type { ClassifierFactory, ClassifierFitReport, Logger, ProbMatrix, TieBreakPolicy } from '@skimmer/core';
import type { PipelineConfig, SplitName } from '../config/pipelineConfigSchema.ts';
import { hasGold, type RunData } from '../data/splitData.ts';
import { confusionMatrix, type SplitConfusion } from './confusionMatrix.ts';
import { splitMetrics, type SplitMetrics } from './splitMetrics.ts';

export interface ClassifierResult {
  readonly type: string;
  readonly fit: ClassifierFitReport;
  readonly metrics: Partial<Record<SplitName, SplitMetrics>>;
  /** Gold × prediction counts on each gold split but train (the report's confusion matrices). */
  readonly confusion: SplitConfusion;
  /** Directory the model was saved to. */
  readonly dir: string;
}

/** Train rows some LF voted on: a row with no votes carries only the prior and teaches the classifier nothing. */
function coveredRows(trainProbs: ProbMatrix, covered: Uint8Array): { rows: number[]; probs: ProbMatrix } {
  const rows: number[] = [];
  for (let i = 0; i < covered.length; i++) if (covered[i]) rows.push(i);
  const data = new Float64Array(rows.length * trainProbs.k);
  rows.forEach((row, r) => data.set(trainProbs.data.subarray(row * trainProbs.k, (row + 1) * trainProbs.k), r * trainProbs.k));
  return { rows, probs: { n: rows.length, k: trainProbs.k, data } };
}

/**
 * Skipped (undefined) when config.yaml has no `classifier:`; otherwise fits on the covered train rows, validates on
 * dev / valid gold for early stopping, saves under `runDir/classifier` and scores every gold split.
 */
export async function classifierStage(
  config: PipelineConfig,
  factories: ReadonlyMap<string, ClassifierFactory<unknown>>,
  data: RunData,
  trainProbs: ProbMatrix,
  trainCovered: Uint8Array,
  { runDir, tieBreakPolicy, logger }: { runDir: string; tieBreakPolicy: TieBreakPolicy; logger: Logger },
): Promise<ClassifierResult | undefined> {
  if (!config.classifier) return undefined;
  const factory = factories.get(config.classifier.type)!;
  const classifier = factory.create(config.classifier.options ?? {}, { classNames: config.labels });
  const train = data.get('train')!;
  const { rows, probs } = coveredRows(trainProbs, trainCovered);
  const validation = [data.get('dev'), data.get('valid')].find((split) => split !== undefined && hasGold(split));
  logger.info({ type: factory.type, rows: rows.length }, 'training classifier');
  const fit = await classifier.fit(
    rows.map((i) => train.points[i].text),
    probs,
    { seed: config.seed, validation: validation ? { texts: validation.points.map((p) => p.text), labels: validation.gold! } : undefined },
  );
  const dir = path.join(runDir, 'classifier');
  await classifier.save(dir);
  const metrics: Partial<Record<SplitName, SplitMetrics>> = {};
  const confusion: SplitConfusion = {};
  for (const [name, split] of data) {
    if (name === 'train' || !hasGold(split)) continue;
    const preds = probsToPreds(await classifier.predictProba(split.points.map((p) => p.text)), tieBreakPolicy);
    metrics[name] = splitMetrics(split.gold, preds, config.labels.length);
    confusion[name] = confusionMatrix(split.gold, preds, config.labels.length);
  }
  return { type: factory.type, fit, metrics, confusion, dir };
}
