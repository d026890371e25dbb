// One `pipeline iterate`: push the next batch to the tagger project, take in the tags that arrived, retrain, evaluate, record, report.

import path from 'node:path';
import { ConfigError, DataError } from '@skimmer/core';
import type { ClassifierFactory, Logger, ProbMatrix, Store, TieBreakPolicy } from '@skimmer/core';
import type { TaggerProject } from '@skimmer/tagging';
import { loadConfig, type LoadedConfig } from '../config/loadConfig.ts';
import { loadRunData } from '../data/loadRunData.ts';
import { hasGold, type RunData, type SplitData } from '../data/splitData.ts';
import { createLogger } from '../logger.ts';
import { openRunStore, type StoreSettings } from '../runStore.ts';
import { DEFAULT_SEED } from '../stages/buildLabelingFunctions.ts';
import { findBaseRun, type BaseRun } from './baseRun.ts';
import { iterateSettings, type IterateOverrides, type IterateSettings } from './iterateConfigSchema.ts';
import { scoreOnGoldSplits, type IterationMetrics } from './iterationMetrics.ts';
import { learningCurve, writeIterationReport, type IterationReport, type PendingBatch } from './iterationReport.ts';
import { ensureIterationProject, pushBatch, readProjectGold } from './iterationProject.ts';
import { listIterations, migrateIterations, recordPushedBatch, recordTraining, type IterationRecord } from './iterationStore.ts';
import { lfGoldSummary } from './lfGoldSummary.ts';
import { retrainWithGold } from './retrainWithGold.ts';
import { selectBatch } from './selectBatch.ts';
import { tagWithSimulatedAnnotator } from './simulatedTagging.ts';

export interface RunIterateOptions {
  readonly logger?: Logger;
  /** Overrides the store: settings (tests: a temp dataDir) or an open Store, which is left open. */
  readonly store?: StoreSettings | Store;
  /** Command-line flags over config.yaml's `iterate:`. */
  readonly overrides?: IterateOverrides;
  /** The run whose label-model labels to use (default: the latest succeeded run of this config). */
  readonly fromRun?: string;
  /** Overrides `output_dir`; the report and the classifiers go under `<it>/iterate/<project>/`. */
  readonly outputDir?: string;
}

export interface IterateResult {
  readonly project: string;
  readonly settings: IterateSettings;
  /** Iterations trained by this invocation, in order. */
  readonly trained: readonly IterationRecord[];
  /** Batches this invocation pushed, in order (as recorded when pushed). */
  readonly pushed: readonly IterationRecord[];
  /** The batch that waits for tags (nothing new was tagged since the last training), if any. */
  readonly waiting: PendingBatch | null;
  readonly stopped: string | null;
  readonly report: IterationReport;
  readonly reportPath: string;
  readonly htmlPath: string;
}

/** Why no further batch should be pushed, or null. */
function stopReason(iterations: readonly IterationRecord[], settings: IterateSettings): string | null {
  if (settings.maxIterations !== null && iterations.length >= settings.maxIterations) return `iterate.maxIterations (${settings.maxIterations}) reached`;
  const curve = learningCurve(iterations, null);
  const last = curve[curve.length - 1];
  if (settings.targetMacroF1 !== null && last?.macroF1 != null && last.macroF1 >= settings.targetMacroF1) {
    return `iterate.targetMacroF1 ${settings.targetMacroF1} reached (${last.split} macro F1 ${last.macroF1.toFixed(4)} at iteration ${last.iteration})`;
  }
  return null;
}

/** The base run's classifier scored on the gold splits (iteration 0 of the curve), or null when it has none or it cannot be loaded. */
async function baselineMetrics(
  base: BaseRun,
  factory: ClassifierFactory<unknown>,
  loaded: LoadedConfig,
  data: RunData,
  tieBreakPolicy: TieBreakPolicy,
  logger: Logger,
): Promise<IterationMetrics | null> {
  if (!base.classifierDir) return null;
  try {
    return await scoreOnGoldSplits(await factory.load(base.classifierDir, loaded.config.labels), data, tieBreakPolicy);
  } catch (error) {
    logger.warn({ dir: base.classifierDir, error: (error as Error).message }, "cannot load the run's classifier; the learning curve starts at iteration 1");
    return null;
  }
}

/** The model that ranks the first batch of this invocation: the last iteration's classifier, else the run's, else the label model. */
async function currentModelProbs(
  iterations: readonly IterationRecord[],
  base: BaseRun,
  factory: ClassifierFactory<unknown>,
  loaded: LoadedConfig,
  train: SplitData,
  logger: Logger,
): Promise<ProbMatrix> {
  const dirs = [...iterations]
    .reverse()
    .map((it) => it.classifierDir)
    .filter((d): d is string => d !== null);
  for (const dir of [dirs[0], base.classifierDir]) {
    if (!dir) continue;
    try {
      const classifier = await factory.load(dir, loaded.config.labels);
      return await classifier.predictProba(train.points.map((p) => p.text));
    } catch (error) {
      logger.warn({ dir, error: (error as Error).message }, 'cannot load the classifier to rank the batch; trying the next model');
    }
  }
  return base.trainProbs;
}

/**
 * Runs one `pipeline iterate` on `configFile` (see docs/active-learning.md). With people tagging it completes at
 * most one iteration: it retrains when tags arrived since the last training and pushes the next batch; with the
 * simulated annotator it tags each batch itself and completes `iterations` iterations.
 *
 * @example
 * const result = await runIterate('config.yaml', { overrides: { simulate: true, k: 20, iterations: 3 } });
 * result.report.learningCurve.map((row) => row.goldSize); // [20, 40, 60]
 */
export async function runIterate(configFile: string, options: RunIterateOptions = {}): Promise<IterateResult> {
  const logger = options.logger ?? createLogger();
  const loaded = await loadConfig(configFile, logger);
  const { config } = loaded;
  const name = config.name ?? path.basename(loaded.baseDir);
  const settings = iterateSettings(config.iterate, options.overrides ?? {}, name, configFile);
  if (!config.classifier) {
    throw new ConfigError(
      '',
      `${configFile}: classifier: iterate retrains a classifier on the gold labels; add a \`classifier:\` section (e.g. { type: linear } with the '@skimmer/plugins-linear' plugin)`,
      { path: 'classifier' },
    );
  }
  const factory = loaded.registry.classifiers.get(config.classifier.type)!;
  const given = options.store && 'runs' in options.store ? options.store : undefined;
  const store = given ?? (await openRunStore(loaded, options.store as StoreSettings | undefined, logger));
  try {
    await migrateIterations(store.iterations);
    const data = await loadRunData(config, loaded.baseDir, store);
    const train = data.get('train')!;
    if (settings.annotator === 'simulated' && !hasGold(train)) {
      throw new DataError(
        `${configFile}: the simulated annotator answers from the train split's gold labels, and it has none (map a label column under data.train.columns)`,
        { field: 'data.train' },
      );
    }
    const base = await findBaseRun(store, configFile, data, options.fromRun);
    const trainL = base.matrices.get('train')!;
    const texts = train.points.map((p) => p.text);
    const rowById = new Map(train.points.map((p, i) => [p.id, i]));
    const project: TaggerProject = await ensureIterationProject(store.tagger, settings.project, config.labels, settings.members, name);
    const outDir = path.resolve(options.outputDir ?? path.resolve(loaded.baseDir, config.output_dir ?? 'runs'), 'iterate', project.id);
    const iterations = await listIterations(store.iterations, project.id);
    const tieBreakPolicy = config.evaluation?.tieBreakPolicy ?? 'random';
    const trained: IterationRecord[] = [];
    const pushed: IterationRecord[] = [];
    let waiting: PendingBatch | null = null;
    let stopped: string | null = null;
    let modelProbs: ProbMatrix | undefined;

    for (;;) {
      let pending = iterations[iterations.length - 1]?.goldSize === null ? iterations[iterations.length - 1] : undefined;
      if (!pending) {
        stopped = stopReason(iterations, settings);
        if (stopped) break;
        const gold = await readProjectGold(store.tagger, project.id, rowById);
        const pushedRows = new Set<number>(gold.labels.keys());
        for (const it of iterations) for (const id of it.selectedIds) if (rowById.has(id)) pushedRows.add(rowById.get(id)!);
        modelProbs ??= await currentModelProbs(iterations, base, factory, loaded, train, logger);
        const iteration = iterations.length + 1;
        const rows = selectBatch({
          strategy: settings.strategy,
          k: settings.k,
          modelProbs,
          labelModelProbs: base.trainProbs,
          texts,
          pushed: pushedRows,
          eligible: settings.annotator === 'simulated' ? (row) => train.gold![row] >= 0 : undefined,
          dedupe: settings.dedupe,
          seed: (config.seed ?? DEFAULT_SEED) * 1000 + iteration,
        });
        if (rows.length === 0) {
          stopped = 'every train record has been pushed to the project';
          break;
        }
        const ids = await pushBatch(store.tagger, project.id, rows, {
          points: train.points,
          L: trainL,
          lfNames: base.lfNames,
          labels: config.labels,
          labelModelProbs: base.trainProbs,
          modelProbs,
          iteration,
        });
        pending = await recordPushedBatch(store.iterations, {
          projectId: project.id,
          iteration,
          runId: base.id,
          strategy: settings.strategy,
          selectedIds: ids,
        });
        iterations.push(pending);
        pushed.push(pending);
        logger.info({ iteration, records: ids.length, project: project.id }, 'batch pushed to the tagger');
      }
      if (settings.annotator === 'simulated') {
        const settled = (await readProjectGold(store.tagger, project.id, rowById)).labels;
        const rows = pending.selectedIds.map((id) => rowById.get(id)).filter((row): row is number => row !== undefined && !settled.has(row));
        await tagWithSimulatedAnnotator(
          store.tagger,
          project,
          rows,
          rows.map((row) => train.points[row].id),
          train.gold!,
        );
      }
      const gold = await readProjectGold(store.tagger, project.id, rowById);
      const lastTrained = [...iterations].reverse().find((it) => it.goldSize !== null);
      if (gold.labels.size === 0 || gold.digest === lastTrained?.goldDigest || (settings.annotator === 'tagger' && trained.length >= settings.iterations)) {
        const batchRows = new Set(pending.selectedIds);
        waiting = {
          iteration: pending.iteration,
          records: pending.selectedIds.length,
          tagged: [...gold.labels.keys()].filter((row) => batchRows.has(train.points[row].id)).length,
        };
        break;
      }
      const dir = path.join(outDir, String(pending.iteration), 'classifier');
      const result = await retrainWithGold({
        config,
        factory,
        data,
        trainL,
        labelModelProbs: base.trainProbs,
        gold: gold.labels,
        trainOn: settings.trainOn,
        goldWeight: settings.goldWeight,
        tieBreakPolicy,
        dir,
        logger,
      });
      const record = await recordTraining(store.iterations, project.id, pending.iteration, {
        runId: base.id,
        goldSize: gold.labels.size,
        goldDigest: gold.digest,
        metrics: result.metrics,
        classifierDir: dir,
      });
      iterations[iterations.length - 1] = record;
      trained.push(record);
      modelProbs = result.poolProbs;
      logger.info({ iteration: record.iteration, gold: record.goldSize, trainRows: result.trainRows }, 'iteration trained');
      if (settings.annotator === 'simulated' && trained.length >= settings.iterations) {
        stopped = stopReason(iterations, settings);
        break;
      }
    }

    const baseline = await baselineMetrics(base, factory, loaded, data, tieBreakPolicy, logger);
    const finalGold = await readProjectGold(store.tagger, project.id, rowById);
    const report: IterationReport = {
      name,
      config: path.resolve(configFile),
      project: project.id,
      strategy: settings.strategy,
      annotator: settings.annotator,
      generatedAt: new Date().toISOString(),
      runId: base.id,
      baseline,
      learningCurve: learningCurve(iterations, baseline),
      iterations,
      pending: waiting,
      stopped,
      lfSummary: lfGoldSummary(base.lfNames, base.matrices, data, finalGold.labels, settings.lfAccuracyWarning),
    };
    const paths = await writeIterationReport(outDir, report);
    return { project: project.id, settings, trained, pushed, waiting, stopped, report, reportPath: paths.json, htmlPath: paths.html };
  } finally {
    if (!given) await store.close();
  }
}
