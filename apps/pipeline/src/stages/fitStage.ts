// The fit stage: fits each configured label model (and majority vote as a baseline) on train's L and scores it on every gold split.

import { probsToPreds } from '@skimmer/core';
import type { LabelMatrix, LabelModel, Logger, ProbMatrix, TieBreakPolicy } from '@skimmer/core';
import type { LabelModelEntry, SplitName } from '../config/pipelineConfigSchema.ts';
import { hasGold, type RunData } from '../data/splitData.ts';
import { createLabelModelOfType, isLabelModelAvailable } from '../labelModels/createLabelModelOfType.ts';
import type { ProgressFactory } from '../progress.ts';
import { splitMetrics, type SplitMetrics } from './splitMetrics.ts';

/** One fitted label model: its probabilities per split and its metrics on the gold splits. */
export interface FittedLabelModel {
  readonly name: string;
  readonly type: string;
  readonly model: LabelModel;
  readonly probs: ReadonlyMap<SplitName, ProbMatrix>;
  readonly metrics: Partial<Record<SplitName, SplitMetrics>>;
  /** True for the majority-vote baseline added by the pipeline. */
  readonly baseline: boolean;
}

export interface FitStageOptions {
  readonly cardinality: number;
  readonly seed: number;
  /** Tie-break of predictions when scoring ('random' = Snorkel's reproducible sha1 rule, the tutorials' choice). */
  readonly tieBreakPolicy: TieBreakPolicy;
  /** Fit majority vote too when no configured model is 'mv'. */
  readonly baseline: boolean;
  readonly logger: Logger;
  readonly progress: ProgressFactory;
}

async function fitOne(entry: LabelModelEntry, baseline: boolean, matrices: ReadonlyMap<SplitName, LabelMatrix>, data: RunData, options: FitStageOptions): Promise<FittedLabelModel> {
  const name = entry.name ?? entry.type;
  const model = await createLabelModelOfType(entry.type, options.cardinality);
  const fitOptions: Record<string, unknown> = { seed: options.seed, ...entry.options };
  const epochs = typeof fitOptions.nEpochs === 'number' ? fitOptions.nEpochs : 100;
  const bar = options.progress(`fit ${name}`);
  try {
    const train = matrices.get('train')!;
    const trainOptions = { ...fitOptions, onProgress: (epoch: number) => bar.update(Math.min(epoch + 1, epochs), epochs) };
    // Snorkel's model counts co-votes on worker threads itself when train is large enough to pay for them.
    if (hasFitParallel(model)) await model.fitParallel(train, trainOptions);
    else model.fit(train, trainOptions);
  } finally {
    bar.stop();
  }
  const probs = new Map<SplitName, ProbMatrix>();
  const metrics: Partial<Record<SplitName, SplitMetrics>> = {};
  for (const [split, L] of matrices) {
    const P = model.predictProba(L);
    probs.set(split, P);
    const splitData = data.get(split);
    if (splitData && hasGold(splitData)) metrics[split] = splitMetrics(splitData.gold, probsToPreds(P, options.tieBreakPolicy), options.cardinality);
  }
  options.logger.info({ model: name, metrics }, 'label model fitted');
  return { name, type: entry.type, model, probs, metrics, baseline };
}

function hasFitParallel(model: LabelModel): model is LabelModel & { fitParallel(L: LabelMatrix, options: object): Promise<void> } {
  return typeof (model as { fitParallel?: unknown }).fitParallel === 'function';
}

/**
 * Fits the configured label models in order (the first is the run's label model) and, when available, the
 * majority-vote baseline last.
 *
 * @example
 * const fitted = await fitStage(loaded.labelModels, applied.matrices, data, { cardinality: 2, seed: 123, tieBreakPolicy: 'random', baseline: true, logger, progress });
 * fitted[0].metrics.test?.accuracy; // 0.868
 */
export async function fitStage(entries: readonly LabelModelEntry[], matrices: ReadonlyMap<SplitName, LabelMatrix>, data: RunData, options: FitStageOptions): Promise<FittedLabelModel[]> {
  const fitted: FittedLabelModel[] = [];
  for (const entry of entries) fitted.push(await fitOne(entry, false, matrices, data, options));
  const wantsBaseline = options.baseline && !entries.some((entry) => entry.type === 'mv');
  if (wantsBaseline) {
    if (await isLabelModelAvailable('mv')) fitted.push(await fitOne({ type: 'mv', name: 'majority-vote' }, true, matrices, data, options));
    else options.logger.warn('majority-vote baseline skipped: @skimmer/labelmodel has no majority-vote model yet');
  }
  return fitted;
}
