// Retrains the configured classifier on the label model's train labels with the gathered gold labels overriding them, and scores it.

import { DataError } from '@skimmer/core';
import type { ClassifierFactory, ClassifierFitReport, LabelMatrix, Logger, ProbMatrix, TieBreakPolicy } from '@skimmer/core';
import type { PipelineConfig } from '../config/pipelineConfigSchema.ts';
import { hasGold, type RunData } from '../data/splitData.ts';
import { scoreOnGoldSplits, type IterationMetrics } from './iterationMetrics.ts';

export interface RetrainInput {
  readonly config: PipelineConfig;
  readonly factory: ClassifierFactory<unknown>;
  readonly data: RunData;
  readonly trainL: LabelMatrix;
  readonly labelModelProbs: ProbMatrix;
  /** Train row → gold label gathered in the tagger. */
  readonly gold: ReadonlyMap<number, number>;
  readonly trainOn: 'labelModel+gold' | 'gold';
  readonly goldWeight: number;
  readonly tieBreakPolicy: TieBreakPolicy;
  /** Where the model is saved. */
  readonly dir: string;
  readonly logger: Logger;
}

export interface RetrainResult {
  readonly fit: ClassifierFitReport;
  readonly metrics: IterationMetrics;
  /** The new model's probabilities over the train pool (the next batch is chosen with them). */
  readonly poolProbs: ProbMatrix;
  readonly trainRows: number;
}

function isCovered(L: LabelMatrix, row: number): boolean {
  for (let j = 0; j < L.m; j++) if (L.data[row * L.m + j] >= 0) return true;
  return false;
}

/**
 * Training rows: every covered train row with its label-model probabilities (unless `trainOn: gold`), every tagged
 * row with its one-hot gold label instead (covered or not), repeated `goldWeight` times.
 */
function trainingSet(input: RetrainInput): { rows: number[]; probs: ProbMatrix } {
  const { trainL, labelModelProbs: P, gold, goldWeight } = input;
  const k = P.k;
  const rows: number[] = [];
  const labels: number[][] = [];
  if (input.trainOn === 'labelModel+gold') {
    for (let row = 0; row < trainL.n; row++) {
      if (gold.has(row) || !isCovered(trainL, row)) continue;
      rows.push(row);
      labels.push(Array.from(P.data.subarray(row * k, (row + 1) * k)));
    }
  }
  for (const [row, label] of gold) {
    const oneHot = Array.from({ length: k }, (_, c) => (c === label ? 1 : 0));
    for (let r = 0; r < goldWeight; r++) {
      rows.push(row);
      labels.push(oneHot);
    }
  }
  return { rows, probs: { n: rows.length, k, data: Float64Array.from(labels.flat()) } };
}

/**
 * Fits a fresh classifier, saves it to `dir`, and scores it on every gold split but train.
 *
 * @example
 * const { metrics } = await retrainWithGold({ config, factory, data, trainL, labelModelProbs, gold, trainOn: 'labelModel+gold', goldWeight: 1, tieBreakPolicy: 'random', dir, logger });
 * metrics.splits.test?.macroF1;
 */
export async function retrainWithGold(input: RetrainInput): Promise<RetrainResult> {
  const { config, data } = input;
  const train = data.get('train')!;
  const { rows, probs } = trainingSet(input);
  if (rows.length === 0) throw new DataError('nothing to train on: no gold labels yet and no train row an LF voted on', { field: 'gold' });
  const classifier = input.factory.create(config.classifier?.options ?? {}, { classNames: config.labels });
  const validation = [data.get('dev'), data.get('valid')].find((split) => split !== undefined && hasGold(split));
  input.logger.info({ rows: rows.length, gold: input.gold.size, trainOn: input.trainOn }, 'retraining classifier');
  const fit = await classifier.fit(
    rows.map((row) => train.points[row].text),
    probs,
    {
      seed: config.seed,
      validation: validation ? { texts: validation.points.map((p) => p.text), labels: validation.gold! } : undefined,
    },
  );
  await classifier.save(input.dir);
  const metrics = await scoreOnGoldSplits(classifier, data, input.tieBreakPolicy);
  const poolProbs = await classifier.predictProba(train.points.map((p) => p.text));
  return { fit, metrics, poolProbs, trainRows: rows.length };
}
