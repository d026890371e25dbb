// Runs the pipeline's stages for one config: load data, apply LFs, analyze, fit label models, train the classifier, store and report.

import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { DataError } from '@skimmer/core';
import type { Logger, Store } from '@skimmer/core';
import { loadConfig, type LoadedConfig } from './config/loadConfig.ts';
import { redactSecrets } from './config/redactSecrets.ts';
import type { SplitName } from './config/pipelineConfigSchema.ts';
import { loadRunData } from './data/loadRunData.ts';
import { DEFAULT_CHUNK_ROWS, openSplitSources, type SplitSource } from './data/splitSources.ts';
import { keptLabelRuns, pruneLabelOutputs } from './labelRetention.ts';
import { newRunId } from './runId.ts';
import { createLogger } from './logger.ts';
import { createProgress, type ProgressFactory } from './progress.ts';
import { LabelDistributionCounter } from './report/labelDistribution.ts';
import { classifierReport, labelModelReport, type RunReport } from './report/runReport.ts';
import { storedRunMetrics } from './report/storedRunMetrics.ts';
import { writeRunReport } from './report/writeRunReport.ts';
import { checkConfigPreconditions, checkStorePreconditions } from './runPreconditions.ts';
import { openProjectStore, storeConfigOf, type StoreSettings } from './runStore.ts';
import { analyzeStage } from './stages/analyzeStage.ts';
import { applyStage, type AppliedSplits } from './stages/applyStage.ts';
import { buildLabelingFunctionsLazily, DEFAULT_SEED } from './stages/buildLabelingFunctions.ts';
import { classifierStage, type ClassifierResult } from './stages/classifierStage.ts';
import { earlierRunSplitRows } from './stages/earlierRunSplitRows.ts';
import { spillStoredTrainProbs, TRAIN_PROBS_FILE, TrainProbsWriter, type TrainProbsFile } from './stages/classifierTrainProbs.ts';
import { fitStage, type FitStageOptions, type FittedLabelModel } from './stages/fitStage.ts';
import type { SplitRows } from './stages/splitRows.ts';

/** The stages, in order; `run` runs them all, `label` the first three. */
export const STAGES = ['apply', 'analyze', 'fit', 'train'] as const;
export type StageName = (typeof STAGES)[number];

export interface RunPipelineOptions {
  readonly logger?: Logger;
  readonly progress?: ProgressFactory;
  /** Default: every stage. Stages left out before the first one run read its inputs from an earlier run. */
  readonly stages?: readonly StageName[];
  /** Overrides where the run is recorded: settings (tests: `{ dataDir: 'memory://' }`) or an open Store, which is left open. */
  readonly store?: StoreSettings | Store;
  /** Overrides `output_dir` (runs/<run-id>/ goes under it). */
  readonly outputDir?: string;
  /** The earlier run whose label matrices / labels a stage run alone reads (default: the latest that has them). */
  readonly fromRun?: string;
  /** Keep the labels of earlier runs of the same dataset (default: `labelOutputs.keepRuns` of config.yaml, else only the newest). */
  readonly keepLabels?: boolean;
}

export interface PipelineRunResult {
  readonly runId: string;
  readonly runDir: string;
  readonly reportPath: string;
  readonly htmlPath: string;
  readonly report: RunReport;
}

/** The earlier run (given, or the latest with `artifact`) for a stage that runs alone. */
async function previousRun(store: Store, artifact: string, fromRun: string | undefined): Promise<{ id: string; artifacts: Record<string, unknown> }> {
  const runs = fromRun ? [await store.runs.get(fromRun)].filter((r) => r !== undefined) : await store.runs.list({ limit: 100 });
  const run = runs.find((r) => r.status === 'succeeded' && typeof r.artifacts?.[artifact] === 'string');
  if (!run) {
    const which = fromRun ? `run "${fromRun}"` : 'any earlier run in the store';
    throw new DataError(`no ${artifact} in ${which}: run the earlier stages first (e.g. \`pipeline apply config.yaml\`)`, { field: artifact });
  }
  return { id: run.id, artifacts: run.artifacts! };
}

/** Label saves in flight at once, each on its own connection: the server stores two chunks while this thread predicts the next. */
const SAVES_IN_FLIGHT = 2;

/**
 * Saves the first model's probabilistic labels chunk by chunk as the fit stage predicts them (item ids are unique across
 * splits), and counts train's into `distribution` for the report. Up to SAVES_IN_FLIGHT saves run while the next
 * chunks are predicted; `flush` waits for them and returns the rows saved.
 */
function labelWriter(
  store: Store,
  runId: string,
  distribution: LabelDistributionCounter,
): { write: NonNullable<FitStageOptions['onLabels']>; flush: () => Promise<number>; settle: () => Promise<void> } {
  let saved = 0;
  const pending: Promise<void>[] = [];
  return {
    async write(split, chunk, probs) {
      if (split === 'train') distribution.add(chunk.L, probs, chunk.rowOffset);
      if (pending.length >= SAVES_IN_FLIGHT) await pending.shift();
      const saving = store.labelOutputs.save(runId, { itemIds: chunk.ids, probs }).then((n) => {
        saved += n;
      });
      saving.catch(() => {}); // awaited by a later write or by flush; a failed run's stage error is the one reported
      pending.push(saving);
    },
    async flush() {
      // Every save settles before a failure is reported: none is left writing while the run is marked failed.
      const failed = (await Promise.allSettled(pending.splice(0))).find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      return saved;
    },
    settle: async () => {
      await Promise.allSettled(pending);
    },
  };
}

/** What the apply stage wrote, and the split sources it read (re-readable: the classifier stage reads them again). */
type AppliedFromConfig = AppliedSplits & { readonly sources: ReadonlyMap<SplitName, SplitSource> };

/**
 * The apply stage from config.yaml's data: the split sources, the LFs built once, their votes written under `runDir`.
 * It starts while the store opens (seconds for embedded Postgres on a fresh data dir) and waits for `store` only
 * when the data is a dataset in the store; `signal` stops it between chunks.
 */
async function applyFromConfig(
  loaded: LoadedConfig,
  store: Promise<Store>,
  runDir: string,
  options: { logger: Logger; progress: ProgressFactory; signal: AbortSignal },
): Promise<AppliedFromConfig> {
  await mkdir(runDir, { recursive: true });
  const dataStore = 'dataset' in loaded.config.data ? await store : undefined;
  const readAllData = () => loadRunData(loaded.config, loaded.baseDir, dataStore);
  const sources = await openSplitSources(loaded.config, loaded.baseDir, dataStore);
  const lfs = await buildLabelingFunctionsLazily(loaded, options.logger, readAllData);
  return { ...(await applyStage(loaded, lfs, sources, { ...options, runDir })), sources };
}

async function runStages(
  loaded: LoadedConfig,
  store: Store,
  runId: string,
  runDir: string,
  options: RunPipelineOptions,
  applying: Promise<AppliedFromConfig> | undefined,
): Promise<{ report: RunReport; paths: { json: string; html: string } }> {
  const logger = options.logger ?? createLogger();
  const progress = options.progress ?? createProgress;
  const stages = new Set(options.stages ?? STAGES);
  const startedAt = new Date().toISOString();
  const { config } = loaded;
  const k = config.labels.length;
  const tieBreakPolicy = config.evaluation?.tieBreakPolicy ?? 'random';
  const artifacts: Record<string, string> = { runDir };

  let lfNames: readonly string[];
  let splits: ReadonlyMap<SplitName, SplitRows>;
  let lfFailures = 0;
  let sources: ReadonlyMap<SplitName, SplitSource> | undefined;
  if (applying) {
    const applied = await applying;
    ({ lfNames, splits, sources } = applied);
    lfFailures = applied.failures.length;
    artifacts.labelMatrices = applied.index;
  } else {
    const previous = await previousRun(store, 'labelMatrices', options.fromRun);
    ({ lfNames, splits } = await earlierRunSplitRows(String(previous.artifacts.labelMatrices), {
      config,
      baseDir: loaded.baseDir,
      store,
      chunkRows: config.apply?.chunkRows ?? DEFAULT_CHUNK_ROWS,
    }));
    artifacts.labelMatrices = String(previous.artifacts.labelMatrices);
    logger.info({ fromRun: previous.id }, 'label matrices read from an earlier run');
  }
  logger.info({ splits: Object.fromEntries([...splits].map(([name, rows]) => [name, rows.n])) }, 'data labelled');
  const analysis = await analyzeStage(lfNames, splits, progress);

  const wantsClassifier = stages.has('train') && config.classifier !== undefined;
  let fitted: FittedLabelModel[] = [];
  const distribution = new LabelDistributionCounter(k, tieBreakPolicy);
  let trainProbs: TrainProbsFile | undefined;
  if (stages.has('fit')) {
    const labels = labelWriter(store, runId, distribution);
    // The classifier stage reads train's probabilities back a chunk at a time from a spill file written as they are predicted.
    const spill = wantsClassifier ? await TrainProbsWriter.create(path.join(runDir, TRAIN_PROBS_FILE), k) : undefined;
    const onLabels: FitStageOptions['onLabels'] = async (split, chunk, probs) => {
      if (split === 'train') await spill?.append(chunk.rowOffset, probs.data);
      await labels.write(split, chunk, probs);
    };
    const fitOptions = { cardinality: k, seed: config.seed ?? DEFAULT_SEED, tieBreakPolicy, baseline: config.baseline ?? true, logger, progress };
    try {
      fitted = await fitStage(loaded.labelModels, splits, { ...fitOptions, onLabels });
    } catch (error) {
      await labels.settle();
      await spill?.abort();
      throw error;
    }
    trainProbs = await spill?.finish();
    artifacts.labelOutputs = runId;
    logger.info({ rows: await labels.flush(), model: fitted[0].name }, 'probabilistic labels stored');
  }

  let classifier: ClassifierResult | undefined;
  if (wantsClassifier) {
    // The classifier stage reads the splits chunk by chunk, train's label-model probabilities from the spill file:
    // this run's fit wrote it, else (the train stage alone) it is copied from the labels an earlier run stored.
    const train = splits.get('train')!;
    trainProbs ??= await spillStoredTrainProbs(
      store,
      (await previousRun(store, 'labelOutputs', options.fromRun)).id,
      train,
      k,
      path.join(runDir, TRAIN_PROBS_FILE),
    );
    const inputs = {
      sources: sources ?? (await openSplitSources(config, loaded.baseDir, store)),
      train,
      trainProbs,
      runId: path.basename(path.dirname(artifacts.labelMatrices)),
      chunkRows: config.apply?.chunkRows ?? DEFAULT_CHUNK_ROWS,
    };
    try {
      classifier = await classifierStage(config, loaded.registry.classifiers, inputs, {
        runDir,
        tieBreakPolicy,
        logger,
      });
    } finally {
      await trainProbs.remove();
    }
    if (classifier) artifacts.classifier = classifier.dir;
  }

  const models = fitted.map(labelModelReport);
  const report: RunReport = {
    runId,
    name: config.name ?? path.basename(loaded.baseDir),
    config: path.resolve(loaded.file),
    startedAt,
    finishedAt: new Date().toISOString(),
    labels: config.labels,
    splits: Object.fromEntries([...splits].map(([name, rows]) => [name, { n: rows.n, gold: rows.goldRows }])),
    lfSummary: analysis.lfSummary,
    empiricalAccuracySplit: analysis.accuracySplit,
    labelCoverage: analysis.train,
    labelModel: models[0] ?? null,
    labelModels: models,
    classifier: classifier ? classifierReport(classifier) : null,
    confusion: { labelModel: fitted[0]?.confusion ?? {}, classifier: classifier?.confusion ?? null },
    labelDistribution: fitted.length > 0 ? distribution.result() : null,
    lfFailures,
    artifacts,
  };
  const paths = await writeRunReport(runDir, report);
  return { report, paths: { json: paths.json, html: paths.html } };
}

/**
 * Runs `configFile`'s pipeline (or the chosen stages) and writes `runs/<run-id>/report.json` and `report.html`
 * next to the config (or under `output_dir`). The run, its metrics and its probabilistic labels go to the store.
 *
 * @example
 * const { report, reportPath } = await runPipeline('examples/youtube-spam/config.yaml', { store: { dataDir: 'memory://' } });
 * report.labelModel?.test?.accuracy; // 0.868
 */
export async function runPipeline(configFile: string, options: RunPipelineOptions = {}): Promise<PipelineRunResult> {
  const logger = options.logger ?? createLogger();
  const loaded = await loadConfig(configFile, logger);
  const stages = options.stages ?? STAGES;
  checkConfigPreconditions(loaded, stages);
  const runId = newRunId();
  const runDir = path.resolve(options.outputDir ?? path.resolve(loaded.baseDir, loaded.config.output_dir ?? 'runs'), runId);
  const given = options.store && 'runs' in options.store ? options.store : undefined;
  // Opening a store can take seconds (initdb and start of embedded Postgres): the apply stage runs meanwhile, into the
  // run folder, and is stopped if the run fails before it is recorded.
  const opening = given ? Promise.resolve(given) : openProjectStore(storeConfigOf(loaded), { logger, override: options.store as StoreSettings | undefined });
  opening.catch(() => {}); // awaited below: its error is the run's
  const stopApply = new AbortController();
  const applying = stages.includes('apply')
    ? applyFromConfig(loaded, opening, runDir, { logger, progress: options.progress ?? createProgress, signal: stopApply.signal })
    : undefined;
  applying?.catch(() => {}); // awaited by the stages; a failure is reported there
  /** Stops an apply under way and waits for it: nothing keeps running once the run has failed. */
  const settleApply = async () => {
    stopApply.abort();
    await applying?.catch(() => {});
  };
  let recorded = false;
  try {
    const store = await opening;
    await checkStorePreconditions(store, options.fromRun);
    await mkdir(runDir, { recursive: true });
    await store.runs.create({
      id: runId,
      config: { file: path.resolve(configFile), stages, ...(redactSecrets(loaded.config, loaded.raw) as object) },
    });
    recorded = true;
    try {
      const { report, paths } = await runStages(loaded, store, runId, runDir, { ...options, logger }, applying);
      await store.runs.finish(runId, { status: 'succeeded', metrics: storedRunMetrics(report), artifacts: { ...report.artifacts, report: paths.json } });
      if (report.artifacts.labelOutputs === runId) await pruneLabelOutputs(store, loaded.config, keptLabelRuns(loaded.config, options.keepLabels), logger);
      return { runId, runDir, reportPath: paths.json, htmlPath: paths.html, report };
    } catch (error) {
      await store.runs.finish(runId, { status: 'failed', metrics: { error: String((error as Error).message) } }).catch(() => {});
      throw error;
    }
  } catch (error) {
    // A run refused before it was recorded (its store did not open, a precondition failed) leaves no run folder.
    if (!recorded) {
      await settleApply();
      await rm(runDir, { recursive: true, force: true });
    }
    throw error;
  } finally {
    await settleApply();
    if (!given)
      await opening.then(
        (store) => store.close(),
        () => {},
      );
  }
}
