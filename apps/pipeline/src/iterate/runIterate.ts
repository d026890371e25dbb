// One `pipeline iterate`: push the next batch to the tagger project, take in the tags that arrived, retrain, evaluate, record, report.

import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, DataError } from '@skimmer/core';
import type { Classifier, ClassifierFactory, Logger, Store, TieBreakPolicy } from '@skimmer/core';
import type { TaggerProject } from '@skimmer/tagging';
import { loadConfig, type LoadedConfig } from '../config/loadConfig.ts';
import type { SplitName } from '../config/pipelineConfigSchema.ts';
import { DEFAULT_CHUNK_ROWS, openSplitSources, type SplitSource } from '../data/splitSources.ts';
import { createLogger } from '../logger.ts';
import { openProjectStore, storeConfigOf, type StoreSettings } from '../runStore.ts';
import { DEFAULT_SEED } from '../stages/buildLabelingFunctions.ts';
import { validationSet } from '../stages/classifierData.ts';
import { findBaseRun, type BaseRun } from './baseRun.ts';
import { iterateSettings, type IterateOverrides, type IterateSettings } from './iterateConfigSchema.ts';
import { scoreOnGoldSplits, type IterationMetrics } from './iterationMetrics.ts';
import { learningCurve, writeIterationReport, type IterationReport, type PendingBatch } from './iterationReport.ts';
import { ensureIterationProject, pushBatch, readProjectGold } from './iterationProject.ts';
import { listIterations, migrateIterations, recordPushedBatch, recordTraining, type IterationRecord } from './iterationStore.ts';
import { streamedLfGoldSummary } from './lfGoldSummary.ts';
import { retrainWithGold } from './retrainWithGold.ts';
import { selectBatch } from './selectBatch.ts';
import { tagWithSimulatedAnnotator } from './simulatedTagging.ts';
import { TrainPool } from './trainPool.ts';

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
  sources: ReadonlyMap<SplitName, SplitSource>,
  scoring: { tieBreakPolicy: TieBreakPolicy; chunkRows: number },
  logger: Logger,
): Promise<IterationMetrics | null> {
  if (!base.classifierDir) return null;
  let classifier: Classifier;
  try {
    classifier = await factory.load(base.classifierDir, loaded.config.labels);
  } catch (error) {
    logger.warn({ dir: base.classifierDir, error: (error as Error).message }, "cannot load the run's classifier; the learning curve starts at iteration 1");
    return null;
  }
  return scoreOnGoldSplits(classifier, sources, scoring.tieBreakPolicy, scoring.chunkRows);
}

/** The model that ranks the first batch of this invocation: the last iteration's classifier, else the run's, else (null) the label model. */
async function currentModel(
  iterations: readonly IterationRecord[],
  base: BaseRun,
  factory: ClassifierFactory<unknown>,
  loaded: LoadedConfig,
  logger: Logger,
): Promise<Classifier | null> {
  const dirs = [...iterations]
    .reverse()
    .map((it) => it.classifierDir)
    .filter((d): d is string => d !== null);
  for (const dir of [dirs[0], base.classifierDir]) {
    if (!dir) continue;
    try {
      return await factory.load(dir, loaded.config.labels);
    } catch (error) {
      logger.warn({ dir, error: (error as Error).message }, 'cannot load the classifier to rank the batch; trying the next model');
    }
  }
  return null;
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
  const store = given ?? (await openProjectStore(storeConfigOf(loaded), { logger, override: options.store as StoreSettings | undefined }));
  let opened: TrainPool | undefined;
  try {
    await migrateIterations(store.iterations);
    const chunkRows = config.apply?.chunkRows ?? DEFAULT_CHUNK_ROWS;
    const base = await findBaseRun(store, configFile, { config, baseDir: loaded.baseDir, store, chunkRows }, options.fromRun);
    if (settings.annotator === 'simulated' && base.splits.get('train')!.goldRows === 0) {
      throw new DataError(
        `${configFile}: the simulated annotator answers from the train split's gold labels, and it has none (map a label column under data.train.columns)`,
        { field: 'data.train' },
      );
    }
    // The splits are read chunk by chunk at each pass; train's label-model probabilities are copied once, by the first
    // pass (choosing or training), to a spill file under the iterate folder (a name of its own: iterates never share
    // it) and read back with each chunk.
    const iterateDir = path.resolve(options.outputDir ?? path.resolve(loaded.baseDir, config.output_dir ?? 'runs'), 'iterate');
    await mkdir(iterateDir, { recursive: true });
    const spillFile = path.join(iterateDir, `probs.train.${randomBytes(4).toString('hex')}.f64`);
    const sources = await openSplitSources(config, loaded.baseDir, store);
    const pool = TrainPool.open(
      store,
      base.id,
      base.labelOutputsRun,
      sources.get('train')!,
      base.splits.get('train')!,
      config.labels.length,
      chunkRows,
      spillFile,
    );
    opened = pool;
    const locate = (ids: readonly string[]) => pool.locate(ids);
    // Read at the first training: an iterate that only waits for tags never reads it.
    let validation: ReturnType<typeof validationSet> | undefined;
    const project: TaggerProject = await ensureIterationProject(store.tagger, settings.project, config.labels, settings.members, name);
    const outDir = path.join(iterateDir, project.id);
    const iterations = await listIterations(store.iterations, project.id);
    const tieBreakPolicy = config.evaluation?.tieBreakPolicy ?? 'random';
    const trained: IterationRecord[] = [];
    const pushed: IterationRecord[] = [];
    let waiting: PendingBatch | null = null;
    let stopped: string | null = null;
    let model: Classifier | null | undefined;

    for (;;) {
      let pending = iterations[iterations.length - 1]?.goldSize === null ? iterations[iterations.length - 1] : undefined;
      if (!pending) {
        stopped = stopReason(iterations, settings);
        if (stopped) break;
        const gold = await readProjectGold(store.tagger, project.id, locate);
        const pushedIds = new Set<string>(gold.byId.keys());
        for (const it of iterations) for (const id of it.selectedIds) pushedIds.add(id);
        if (model === undefined) model = await currentModel(iterations, base, factory, loaded, logger);
        const ranker = model;
        const iteration = iterations.length + 1;
        const rows = await selectBatch({
          strategy: settings.strategy,
          k: settings.k,
          pool,
          modelProbs: async (chunk) => (ranker ? ranker.predictProba(chunk.texts) : chunk.labelModelProbs),
          pushed: pushedIds,
          goldOnly: settings.annotator === 'simulated',
          dedupe: settings.dedupe,
          seed: (config.seed ?? DEFAULT_SEED) * 1000 + iteration,
        });
        if (rows.length === 0) {
          stopped = 'every train record has been pushed to the project';
          break;
        }
        const ids = await pushBatch(store.tagger, project.id, rows, { lfNames: base.lfNames, labels: config.labels, iteration });
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
        const settled = (await readProjectGold(store.tagger, project.id, locate)).byId;
        const found = await pool.locate(pending.selectedIds);
        const ids = pending.selectedIds.filter((id) => found.has(id) && !settled.has(id));
        const gold = Int32Array.from(ids, (id) => found.get(id)!.gold);
        await tagWithSimulatedAnnotator(
          store.tagger,
          project,
          ids.map((_, j) => j),
          ids,
          gold,
        );
      }
      const gold = await readProjectGold(store.tagger, project.id, locate);
      const lastTrained = [...iterations].reverse().find((it) => it.goldSize !== null);
      if (gold.labels.size === 0 || gold.digest === lastTrained?.goldDigest || (settings.annotator === 'tagger' && trained.length >= settings.iterations)) {
        waiting = {
          iteration: pending.iteration,
          records: pending.selectedIds.length,
          tagged: pending.selectedIds.filter((id) => gold.byId.has(id)).length,
        };
        break;
      }
      const dir = path.join(outDir, String(pending.iteration), 'classifier');
      const result = await retrainWithGold({
        config,
        factory,
        pool,
        sources,
        validation: await (validation ??= validationSet(sources, chunkRows)),
        gold: gold.labels,
        trainOn: settings.trainOn,
        goldWeight: settings.goldWeight,
        tieBreakPolicy,
        chunkRows,
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
      model = result.classifier;
      logger.info({ iteration: record.iteration, gold: record.goldSize, trainRows: result.trainRows }, 'iteration trained');
      if (settings.annotator === 'simulated' && trained.length >= settings.iterations) {
        stopped = stopReason(iterations, settings);
        break;
      }
    }

    const baseline = await baselineMetrics(base, factory, loaded, sources, { tieBreakPolicy, chunkRows }, logger);
    const finalGold = await readProjectGold(store.tagger, project.id, locate);
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
      lfSummary: await streamedLfGoldSummary(base.lfNames, base.splits, finalGold.labels, settings.lfAccuracyWarning),
    };
    const paths = await writeIterationReport(outDir, report);
    return { project: project.id, settings, trained, pushed, waiting, stopped, report, reportPath: paths.json, htmlPath: paths.html };
  } finally {
    await opened?.close();
    if (!given) await store.close();
  }
}
