// Runs the pipeline's stages for one config: load data, apply LFs, analyze, fit label models, train the classifier, store and report.

import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DataError } from '@skimmer/core';
import type { LabelMatrix, Logger, ProbMatrix, Store } from '@skimmer/core';
import { loadConfig, type LoadedConfig } from './config/loadConfig.ts';
import type { SplitName } from './config/pipelineConfigSchema.ts';
import { loadRunData } from './data/loadRunData.ts';
import type { RunData } from './data/splitData.ts';
import { createLogger } from './logger.ts';
import { createProgress, type ProgressFactory } from './progress.ts';
import { labelModelReport, type RunReport } from './report/runReport.ts';
import { writeRunReport } from './report/writeRunReport.ts';
import { loadLabelMatrices, saveLabelMatrices } from './runArtifacts.ts';
import { openRunStore, type StoreSettings } from './runStore.ts';
import { analyzeStage } from './stages/analyzeStage.ts';
import { applyStage } from './stages/applyStage.ts';
import { buildLabelingFunctions, DEFAULT_SEED, lfBuildContext } from './stages/buildLabelingFunctions.ts';
import { classifierStage, type ClassifierResult } from './stages/classifierStage.ts';
import { fitStage, type FittedLabelModel } from './stages/fitStage.ts';

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
}

export interface PipelineRunResult {
  readonly runId: string;
  readonly runDir: string;
  readonly reportPath: string;
  readonly htmlPath: string;
  readonly report: RunReport;
}

/** A sortable, readable run id: UTC time plus 4 random hex digits. */
function newRunId(): string {
  return `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(2).toString('hex')}`;
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

/** Train probabilities an earlier fit stored, in train order. */
async function storedTrainProbs(store: Store, runId: string, data: RunData, k: number): Promise<ProbMatrix> {
  const outputs = await store.labelOutputs.read(runId);
  const row = new Map(outputs.itemIds.map((id, i) => [id, i]));
  const train = data.get('train')!.points;
  const probs = new Float64Array(train.length * k);
  train.forEach((point, i) => {
    const r = row.get(point.id);
    if (r === undefined) throw new DataError(`run ${runId} has no label for train item "${point.id}"`, { record: point.id });
    probs.set(outputs.probs.data.subarray(r * k, (r + 1) * k), i * k);
  });
  return { n: train.length, k, data: probs };
}

function coveredRows(L: LabelMatrix): Uint8Array {
  const covered = new Uint8Array(L.n);
  for (let i = 0; i < L.n; i++) for (let j = 0; j < L.m; j++) if (L.data[i * L.m + j] >= 0) covered[i] = 1;
  return covered;
}

/** Saves the first model's probabilistic labels of every split (item ids are unique across splits). */
async function storeLabels(store: Store, runId: string, model: FittedLabelModel, data: RunData): Promise<number> {
  const itemIds: string[] = [];
  const parts: ProbMatrix[] = [];
  for (const [split, probs] of model.probs) {
    for (const point of data.get(split)!.points) itemIds.push(point.id);
    parts.push(probs);
  }
  const k = parts[0].k;
  const all = new Float64Array(itemIds.length * k);
  let offset = 0;
  for (const part of parts) {
    all.set(part.data, offset);
    offset += part.data.length;
  }
  return store.labelOutputs.save(runId, { itemIds, probs: { n: itemIds.length, k, data: all } });
}

async function runStages(loaded: LoadedConfig, store: Store, runId: string, runDir: string, options: RunPipelineOptions): Promise<{ report: RunReport; paths: { json: string; html: string } }> {
  const logger = options.logger ?? createLogger();
  const progress = options.progress ?? createProgress;
  const stages = new Set(options.stages ?? STAGES);
  const startedAt = new Date().toISOString();
  const { config } = loaded;
  const k = config.labels.length;
  const tieBreakPolicy = config.evaluation?.tieBreakPolicy ?? 'random';
  const artifacts: Record<string, string> = { runDir };
  const data = await loadRunData(config, loaded.baseDir, store);
  logger.info({ splits: Object.fromEntries([...data].map(([name, s]) => [name, s.points.length])) }, 'data loaded');

  let lfNames: readonly string[];
  let matrices: ReadonlyMap<SplitName, LabelMatrix>;
  let lfFailures = 0;
  if (stages.has('apply')) {
    const lfs = await buildLabelingFunctions(loaded, lfBuildContext(loaded, data, logger));
    const applied = await applyStage(loaded, lfs, data, { logger, progress });
    ({ lfNames, matrices } = applied);
    lfFailures = applied.failures.length;
    artifacts.labelMatrices = await saveLabelMatrices(runDir, lfNames, matrices);
  } else {
    const previous = await previousRun(store, 'labelMatrices', options.fromRun);
    ({ lfNames, matrices } = await loadLabelMatrices(String(previous.artifacts.labelMatrices)));
    artifacts.labelMatrices = String(previous.artifacts.labelMatrices);
    logger.info({ fromRun: previous.id }, 'label matrices read from an earlier run');
  }
  const analysis = analyzeStage(lfNames, matrices, data);

  let fitted: FittedLabelModel[] = [];
  if (stages.has('fit')) {
    fitted = await fitStage(loaded.labelModels, matrices, data, { cardinality: k, seed: config.seed ?? DEFAULT_SEED, tieBreakPolicy, baseline: config.baseline ?? true, logger, progress });
    const saved = await storeLabels(store, runId, fitted[0], data);
    artifacts.labelOutputs = runId;
    logger.info({ rows: saved, model: fitted[0].name }, 'probabilistic labels stored');
  }

  let classifier: ClassifierResult | undefined;
  if (stages.has('train') && config.classifier) {
    const trainProbs = fitted[0]?.probs.get('train') ?? (await storedTrainProbs(store, (await previousRun(store, 'labelOutputs', options.fromRun)).id, data, k));
    classifier = await classifierStage(config, loaded.registry.classifiers, data, trainProbs, coveredRows(matrices.get('train')!), { runDir, tieBreakPolicy, logger });
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
    splits: Object.fromEntries([...data].map(([name, s]) => [name, { n: s.points.length, gold: s.gold ? s.gold.filter((y) => y >= 0).length : 0 }])),
    lfSummary: analysis.lfSummary,
    empiricalAccuracySplit: analysis.accuracySplit,
    labelCoverage: analysis.train,
    labelModel: models[0] ?? null,
    labelModels: models,
    classifier: classifier ?? null,
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
  const runId = newRunId();
  const runDir = path.resolve(options.outputDir ?? path.resolve(loaded.baseDir, loaded.config.output_dir ?? 'runs'), runId);
  await mkdir(runDir, { recursive: true });
  const given = options.store && 'runs' in options.store ? options.store : undefined;
  const store = given ?? (await openRunStore(loaded, options.store as StoreSettings | undefined, logger));
  try {
    await store.runs.create({ id: runId, config: { file: path.resolve(configFile), stages: options.stages ?? STAGES, ...loaded.config } });
    try {
      const { report, paths } = await runStages(loaded, store, runId, runDir, { ...options, logger });
      const metrics = { labelModel: report.labelModel, labelModels: report.labelModels, classifier: report.classifier?.metrics ?? null };
      await store.runs.finish(runId, { status: 'succeeded', metrics, artifacts: { ...report.artifacts, report: paths.json } });
      return { runId, runDir, reportPath: paths.json, htmlPath: paths.html, report };
    } catch (error) {
      await store.runs.finish(runId, { status: 'failed', metrics: { error: String((error as Error).message) } }).catch(() => {});
      throw error;
    }
  } finally {
    if (!given) await store.close();
  }
}
