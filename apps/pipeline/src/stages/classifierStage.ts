// The classifier stage: trains the configured classifier (a ClassifierFactory a plugin registered) on train texts and soft labels, and scores it, reading the splits chunk by chunk.

import path from 'node:path';
import { probsToPreds } from '@skimmer/core';
import type { ClassifierFactory, ClassifierFitReport, Logger, TieBreakPolicy, TrainingChunk } from '@skimmer/core';
import type { PipelineConfig, SplitName } from '../config/pipelineConfigSchema.ts';
import type { SplitSource } from '../data/splitSources.ts';
import { fitCountingRows, isCovered, joinSplitRows, predictGoldSplit, validationSet } from './classifierData.ts';
import type { TrainProbsFile } from './classifierTrainProbs.ts';
import { confusionMatrix, type SplitConfusion } from './confusionMatrix.ts';
import type { SplitRows } from './splitRows.ts';
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

/** What the stage reads: every split's points, train's votes (run `runId`) and the label model's train probabilities (a spill file, read a chunk at a time). */
export interface ClassifierInputs {
  readonly sources: ReadonlyMap<SplitName, SplitSource>;
  readonly train: SplitRows;
  readonly trainProbs: TrainProbsFile;
  readonly runId: string;
  readonly chunkRows: number;
}

/**
 * Train rows some LF voted on, with their label-model probabilities, chunk by chunk and read again at each call: a
 * row with no votes carries only the prior and teaches the classifier nothing.
 */
function coveredTrainRows(inputs: ClassifierInputs): () => AsyncIterable<TrainingChunk> {
  const k = inputs.trainProbs.k;
  return async function* () {
    for await (const chunk of inputs.trainProbs.join(joinSplitRows(inputs.sources.get('train')!, inputs.train, inputs.chunkRows, inputs.runId))) {
      const texts: string[] = [];
      const data = new Float64Array(chunk.ids.length * k);
      for (let i = 0; i < chunk.ids.length; i++) {
        if (!isCovered(chunk.L, i)) continue;
        data.set(chunk.labelModelProbs.data.subarray(i * k, (i + 1) * k), texts.length * k);
        texts.push(chunk.texts[i]);
      }
      if (texts.length > 0) yield { texts, labels: { n: texts.length, k, data: data.subarray(0, texts.length * k) } };
    }
  };
}

/**
 * Skipped (undefined) when config.yaml has no `classifier:`; otherwise fits on the covered train rows (chunk by
 * chunk: a classifier with `fitChunks` never holds the whole set), validates on dev / valid gold for early stopping,
 * saves under `runDir/classifier` and scores every split with gold rows, predicted chunk by chunk (a split without
 * any is not predicted).
 */
export async function classifierStage(
  config: PipelineConfig,
  factories: ReadonlyMap<string, ClassifierFactory<unknown>>,
  inputs: ClassifierInputs,
  { runDir, tieBreakPolicy, logger }: { runDir: string; tieBreakPolicy: TieBreakPolicy; logger: Logger },
): Promise<ClassifierResult | undefined> {
  if (!config.classifier) return undefined;
  const factory = factories.get(config.classifier.type)!;
  const classifier = factory.create(config.classifier.options ?? {}, { classNames: config.labels });
  const validation = await validationSet(inputs.sources, inputs.chunkRows);
  logger.info({ type: factory.type, rows: inputs.train.n }, 'training classifier on the covered train rows');
  const { fit, rows } = await fitCountingRows(classifier, config.labels.length, coveredTrainRows(inputs), { seed: config.seed, validation });
  logger.info({ type: factory.type, rows }, 'classifier trained');
  const dir = path.join(runDir, 'classifier');
  await classifier.save(dir);
  const metrics: Partial<Record<SplitName, SplitMetrics>> = {};
  const confusion: SplitConfusion = {};
  for (const [name, source] of inputs.sources) {
    if (name === 'train') continue;
    const scored = await predictGoldSplit(classifier, source, inputs.chunkRows);
    if (!scored) continue;
    const { probs, gold } = scored;
    const preds = probsToPreds(probs, tieBreakPolicy);
    metrics[name] = splitMetrics(gold, preds, config.labels.length);
    confusion[name] = confusionMatrix(gold, preds, config.labels.length);
  }
  return { type: factory.type, fit, metrics, confusion, dir };
}
