// Retrains the configured classifier on the label model's train labels with the gathered gold labels overriding them, and scores it.

import { DataError } from '@skimmer/core';
import type { ClassifierFactory, ClassifierFitReport, Classifier, Logger, TieBreakPolicy, TrainingChunk } from '@skimmer/core';
import type { PipelineConfig, SplitName } from '../config/pipelineConfigSchema.ts';
import type { SplitSource } from '../data/splitSources.ts';
import { fitCountingRows, isCovered } from '../stages/classifierData.ts';
import { scoreOnGoldSplits, type IterationMetrics } from './iterationMetrics.ts';
import type { TrainPool } from './trainPool.ts';

export interface RetrainInput {
  readonly config: PipelineConfig;
  readonly factory: ClassifierFactory<unknown>;
  readonly pool: TrainPool;
  /** Every split's source (the gold splits but train are scored). */
  readonly sources: ReadonlyMap<SplitName, SplitSource>;
  /** Gold-labelled texts for early stopping (dev, else valid), if any. */
  readonly validation: { texts: readonly string[]; labels: Int32Array } | undefined;
  /** Train row → gold label gathered in the tagger. */
  readonly gold: ReadonlyMap<number, number>;
  readonly trainOn: 'labelModel+gold' | 'gold';
  readonly goldWeight: number;
  readonly tieBreakPolicy: TieBreakPolicy;
  readonly chunkRows: number;
  /** Where the model is saved. */
  readonly dir: string;
  readonly logger: Logger;
}

export interface RetrainResult {
  readonly fit: ClassifierFitReport;
  readonly metrics: IterationMetrics;
  /** The new model (the next batch is chosen with its probabilities). */
  readonly classifier: Classifier;
  readonly trainRows: number;
}

/**
 * Training rows, read again at each call: every covered train row with its label-model probabilities (unless
 * `trainOn: gold`), chunk by chunk, then every tagged row with its one-hot gold label instead (covered or not),
 * repeated `goldWeight` times.
 */
function trainingChunks(input: RetrainInput): () => AsyncIterable<TrainingChunk> {
  const { pool, gold, goldWeight } = input;
  const k = pool.k;
  return async function* () {
    const goldTexts = new Map<number, string>();
    for await (const chunk of pool.chunks()) {
      const texts: string[] = [];
      const data = new Float64Array(chunk.ids.length * k);
      for (let i = 0; i < chunk.ids.length; i++) {
        const row = chunk.rowOffset + i;
        if (gold.has(row)) {
          goldTexts.set(row, chunk.texts[i]);
          continue;
        }
        if (input.trainOn !== 'labelModel+gold' || !isCovered(chunk.L, i)) continue;
        data.set(chunk.labelModelProbs.data.subarray(i * k, (i + 1) * k), texts.length * k);
        texts.push(chunk.texts[i]);
      }
      if (texts.length === 0) continue;
      yield { texts, labels: { n: texts.length, k, data: data.slice(0, texts.length * k) } };
    }
    const texts: string[] = [];
    const data = new Float64Array(gold.size * goldWeight * k);
    for (const [row, label] of gold) {
      for (let r = 0; r < goldWeight; r++) {
        data[texts.length * k + label] = 1;
        texts.push(goldTexts.get(row)!);
      }
    }
    if (texts.length > 0) yield { texts, labels: { n: texts.length, k, data } };
  };
}

/**
 * Fits a fresh classifier on chunks of the pool (in bounded memory when the classifier can fit from chunks), saves it
 * to `dir`, and scores it on every gold split but train.
 *
 * @example
 * const { metrics } = await retrainWithGold({ config, factory, pool, sources, validation, gold, trainOn: 'labelModel+gold', goldWeight: 1, tieBreakPolicy: 'random', chunkRows: 20_000, dir, logger });
 * metrics.splits.test?.macroF1;
 */
export async function retrainWithGold(input: RetrainInput): Promise<RetrainResult> {
  const { config } = input;
  const classifier = input.factory.create(config.classifier?.options ?? {}, { classNames: config.labels });
  input.logger.info({ gold: input.gold.size, trainOn: input.trainOn }, 'retraining classifier');
  const { fit, rows: trainRows } = await fitCountingRows(classifier, config.labels.length, trainingChunks(input), {
    seed: config.seed,
    validation: input.validation,
  });
  if (trainRows === 0) throw new DataError('nothing to train on: no gold labels yet and no train row an LF voted on', { field: 'gold' });
  await classifier.save(input.dir);
  const metrics = await scoreOnGoldSplits(classifier, input.sources, input.tieBreakPolicy, input.chunkRows);
  return { fit, metrics, classifier, trainRows };
}
