// The fit stage: fits each configured label model (and majority vote as a baseline) on train's rows, then predicts every split chunk by chunk.

import { probsToPredsAt } from '@skimmer/core';
import type { LabelModel, Logger, ProbMatrix, TieBreakPolicy } from '@skimmer/core';
import { OverlapStats } from '@skimmer/labelmodel';
import type { AutoReport } from '@skimmer/labelmodel';
import type { LabelModelEntry, SplitName } from '../config/pipelineConfigSchema.ts';
import { autoReportOf } from '../labelModels/autoChoice.ts';
import { createLabelModelOfType } from '../labelModels/createLabelModelOfType.ts';
import { devFitOptions } from '../labelModels/devGold.ts';
import type { ProgressFactory } from '../progress.ts';
import { ConfusionCounts, type SplitConfusion } from './confusionMatrix.ts';
import type { SplitMetrics } from './splitMetrics.ts';
import { readWholeL, type RowChunk, type SplitRows } from './splitRows.ts';

/** One fitted label model: its metrics on the gold splits. */
export interface FittedLabelModel {
  readonly name: string;
  readonly type: string;
  readonly model: LabelModel;
  readonly metrics: Partial<Record<SplitName, SplitMetrics>>;
  /** Gold × prediction counts on each gold split (the report's confusion matrices). */
  readonly confusion: SplitConfusion;
  /** True for the majority-vote baseline added by the pipeline. */
  readonly baseline: boolean;
  /** For 'ds-dev' and 'auto': the split whose gold labels they learned from (dev, else valid). */
  readonly devSplit?: SplitName;
  /** For 'auto': its choice and every candidate's dev score. */
  readonly auto?: AutoReport;
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
  /** Receives the first model's probabilities, chunk by chunk, split by split (the run stores them). */
  readonly onLabels?: (split: SplitName, chunk: RowChunk, probs: ProbMatrix) => Promise<void>;
}

/** Models whose `fit` only checks L (nothing learned): checked chunk by chunk. */
const CHECK_ONLY_MODELS = new Set(['majority-vote']);

type OverlapFitter = LabelModel & { fitOverlaps(stats: OverlapStats, options: object): void };

function fitsFromOverlaps(model: LabelModel): model is OverlapFitter {
  return typeof (model as { fitOverlaps?: unknown }).fitOverlaps === 'function';
}

/** Train's co-vote statistics (snorkel's O), summed chunk by chunk: O((m·k)²) memory whatever n. */
async function trainOverlaps(train: SplitRows, k: number, progress: ProgressFactory): Promise<OverlapStats> {
  const stats = new OverlapStats(train.m, k);
  const bar = progress('overlaps train');
  try {
    for await (const chunk of train.chunks()) {
      stats.add(chunk.L, chunk.rowOffset);
      bar.update(chunk.rowOffset + chunk.L.n, train.n);
    }
  } finally {
    bar.stop();
  }
  return stats;
}

/** Fits one model: from overlap statistics when it can, by checking chunks when it learns nothing, else on train's whole L. */
async function fitOne(model: LabelModel, train: SplitRows, fitOptions: Record<string, unknown>, overlaps: () => Promise<OverlapStats>): Promise<void> {
  if (fitsFromOverlaps(model)) return model.fitOverlaps(await overlaps(), fitOptions);
  if (CHECK_ONLY_MODELS.has(model.type)) {
    for await (const chunk of train.chunks()) model.fit(chunk.L, fitOptions);
    return;
  }
  model.fit(await readWholeL(train), fitOptions);
}

/** Predicts every split with every model, chunk by chunk: metrics on gold splits, the first model's labels to `onLabels`. */
async function predictSplits(
  models: readonly {
    name: string;
    model: LabelModel;
    metrics: Partial<Record<SplitName, SplitMetrics>>;
    confusion: SplitConfusion;
  }[],
  splits: ReadonlyMap<SplitName, SplitRows>,
  options: FitStageOptions,
): Promise<void> {
  const k = options.cardinality;
  for (const [name, rows] of splits) {
    const confusions = models.map(() => new ConfusionCounts(k));
    const bar = options.progress(`label ${name}`);
    try {
      for await (const chunk of rows.chunks()) {
        for (const [i, { model }] of models.entries()) {
          const P = model.predictProba(chunk.L);
          if (rows.goldRows > 0) confusions[i].add(chunk.gold, probsToPredsAt(P, options.tieBreakPolicy, chunk.rowOffset));
          if (i > 0) continue;
          await options.onLabels?.(name, chunk, P);
        }
        bar.update(chunk.rowOffset + chunk.L.n, rows.n);
      }
    } finally {
      bar.stop();
    }
    if (rows.goldRows > 0)
      models.forEach((entry, i) => {
        entry.metrics[name] = confusions[i].metrics();
        entry.confusion[name] = confusions[i].matrix();
      });
  }
}

/**
 * Fits the configured label models in order (the first is the run's label model) and, when available, the
 * majority-vote baseline last; then predicts every split, chunk by chunk, scoring the gold splits and passing the first
 * model's probabilities to `onLabels`. Snorkel's model fits from train's overlap statistics, summed chunk by chunk.
 *
 * @example
 * const fitted = await fitStage(loaded.labelModels, applied.splits, { cardinality: 2, seed: 123, tieBreakPolicy: 'random', baseline: true, logger, progress });
 * fitted[0].metrics.test?.accuracy; // 0.868
 */
export async function fitStage(
  entries: readonly LabelModelEntry[],
  splits: ReadonlyMap<SplitName, SplitRows>,
  options: FitStageOptions,
): Promise<FittedLabelModel[]> {
  const train = splits.get('train')!;
  const chosen = entries.map((entry) => ({ entry, baseline: false }));
  if (options.baseline && !entries.some((entry) => entry.type === 'mv')) {
    chosen.push({ entry: { type: 'mv', name: 'majority-vote' }, baseline: true });
  }
  let stats: Promise<OverlapStats> | undefined;
  const overlaps = () => (stats ??= trainOverlaps(train, options.cardinality, options.progress));
  const fitted = [];
  for (const { entry, baseline } of chosen) {
    const name = entry.name ?? entry.type;
    const model = await createLabelModelOfType(entry.type, options.cardinality);
    const dev = await devFitOptions(entry.type, name, splits);
    const fitOptions: Record<string, unknown> = { seed: options.seed, ...entry.options, ...dev.options };
    const epochs = typeof fitOptions.nEpochs === 'number' ? fitOptions.nEpochs : 100;
    const bar = options.progress(`fit ${name}`);
    try {
      await fitOne(model, train, { ...fitOptions, onProgress: (epoch: number) => bar.update(Math.min(epoch + 1, epochs), epochs) }, overlaps);
    } finally {
      bar.stop();
    }
    const auto = autoReportOf(model);
    const details = { ...(dev.devSplit ? { devSplit: dev.devSplit } : {}), ...(auto ? { auto } : {}) };
    fitted.push({
      name,
      type: entry.type,
      model,
      metrics: {} as Partial<Record<SplitName, SplitMetrics>>,
      confusion: {} as SplitConfusion,
      baseline,
      ...details,
    });
  }
  await predictSplits(fitted, splits, options);
  for (const { name, metrics } of fitted) options.logger.info({ model: name, metrics }, 'label model fitted');
  return fitted;
}
