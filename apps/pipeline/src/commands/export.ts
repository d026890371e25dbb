// `pipeline export config.yaml --out FILE`: a run's probabilistic labels or label matrix as Parquet / CSV / JSONL, rows keyed by item id.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { DataError, datasetFormatOf } from '@skimmer/core';
import type { ParquetColumnType, ParquetCompression, Row, RunRecord, Store } from '@skimmer/core';
import { loadConfig } from '../config/loadConfig.ts';
import { SPLIT_NAMES, type SplitName } from '../config/pipelineConfigSchema.ts';
import { loadRunData } from '../data/loadRunData.ts';
import type { RunData } from '../data/splitData.ts';
import { runDatasetKey } from '../labelRetention.ts';
import { createLogger } from '../logger.ts';
import { loadLabelMatrices } from '../runArtifacts.ts';
import { datasetsOf } from '../project/pluginProvider.ts';
import { openProjectStore, storeConfigOf } from '../runStore.ts';
import { UsageError } from '../usageError.ts';
import { compressionFor } from './compressionOption.ts';

const USAGE = `usage: pipeline export CONFIG.yaml --out FILE [--what labels|matrix] [--run RUN_ID] [--split train|dev|valid|test|all] [--text] [--compression snappy|zstd|…]
  labels: id, [text], prob_<class> per class, pred (class index, -1 = none), pred_label, label_model, run_id
  matrix: id, one column per LF (class index, -1 = abstain)
  FILE ends in .parquet, .csv or .jsonl; default split: train; default run: the latest that has them`;

/** What the export wrote. */
export interface ExportSummary {
  run: string;
  what: 'labels' | 'matrix';
  splits: SplitName[];
  rows: number;
  columns: string[];
  file: string;
  bytes: number;
}

export interface ExportOptions {
  what: 'labels' | 'matrix';
  out: string;
  run?: string;
  split: SplitName | 'all';
  text: boolean;
  compression?: ParquetCompression;
  /** An open store to read the run from (left open); default: the store config.yaml names. */
  store?: Store;
}

function parseExportArgs(argv: readonly string[]): { config: string; options: ExportOptions } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      what: { type: 'string', default: 'labels' },
      run: { type: 'string' },
      split: { type: 'string', default: 'train' },
      text: { type: 'boolean', default: false },
      compression: { type: 'string' },
      quiet: { type: 'boolean' },
      'log-level': { type: 'string' },
    },
  });
  if (positionals.length !== 1 || !values.out) throw new UsageError(`export takes one config file and --out\n${USAGE}`);
  datasetFormatOf(values.out);
  if (values.what !== 'labels' && values.what !== 'matrix') throw new UsageError(`--what expects labels or matrix, got '${values.what}'`);
  const split = values.split as SplitName | 'all';
  if (split !== 'all' && !SPLIT_NAMES.includes(split)) throw new UsageError(`--split expects one of ${SPLIT_NAMES.join(', ')}, all; got '${split}'`);
  const compression = compressionFor(values.compression, values.out);
  return { config: positionals[0], options: { what: values.what, out: values.out, run: values.run, split, text: values.text ?? false, compression } };
}

const configFileOf = (run: RunRecord) => (run.config as { file?: string } | null)?.file;

/** The run asked for, or the latest succeeded run of this config that recorded `artifact`. */
async function findRun(store: Store, configFile: string, artifact: string, runId: string | undefined): Promise<RunRecord> {
  if (runId) {
    const run = await store.runs.get(runId);
    if (!run) throw new DataError(`no run "${runId}" in the store`, { field: 'run' });
    if (typeof run.artifacts?.[artifact] !== 'string') throw new DataError(`run "${runId}" has no ${artifact} (status ${run.status})`, { field: artifact });
    return run;
  }
  const runs = await store.runs.list({ limit: 200 });
  const run = runs.find((r) => r.status === 'succeeded' && typeof r.artifacts?.[artifact] === 'string' && configFileOf(r) === configFile);
  if (!run) throw new DataError(`no run of ${configFile} with ${artifact} in the store: run \`pipeline run ${configFile}\` first`, { field: artifact });
  return run;
}

function splitsOf(data: RunData, wanted: SplitName | 'all'): SplitName[] {
  if (wanted === 'all') return [...data.keys()];
  if (!data.has(wanted)) throw new DataError(`the config has no ${wanted} split (splits: ${[...data.keys()].join(', ')})`, { field: 'split' });
  return [wanted];
}

/**
 * The error for a run that recorded labels the store no longer holds: a later run of the same dataset replaced them
 * (a run keeps only the newest runs' labels) or `pipeline runs prune` deleted them; it names the run that holds them now.
 */
async function prunedLabelsError(store: Store, run: RunRecord): Promise<DataError> {
  const key = runDatasetKey(run);
  const newer = (await store.runs.list({ limit: 200 })).find(
    (r) => r.id !== run.id && r.status === 'succeeded' && typeof r.artifacts?.labelOutputs === 'string' && key !== undefined && runDatasetKey(r) === key,
  );
  const by = newer ? `replaced by run ${newer.id}'s` : 'deleted (pipeline runs prune)';
  return new DataError(`run ${run.id}'s labels were pruned: ${by}; a run keeps older runs' labels with labelOutputs.keepRuns in config.yaml or --keep-labels`, {
    field: 'run',
    replacedBy: newer?.id,
  });
}

/** Rows of the probabilistic labels: one per item of the chosen splits, in split order. */
async function labelRows(store: Store, run: RunRecord, data: RunData, splits: SplitName[], labels: readonly string[], options: ExportOptions) {
  const outputs = await store.labelOutputs.read(run.id);
  if (outputs.itemIds.length === 0) throw await prunedLabelsError(store, run);
  const k = outputs.probs.k;
  if (k !== labels.length)
    throw new DataError(`run ${run.id} stored ${k} probabilities per item, the config names ${labels.length} classes`, { field: 'labels' });
  const rowOf = new Map(outputs.itemIds.map((id, i) => [id, i]));
  const model = (run.metrics as { labelModel?: { name?: string } } | null)?.labelModel?.name ?? null;
  const probColumns = labels.map((label) => `prob_${label}`);
  const columns = [
    'id',
    ...(options.text ? ['text'] : []),
    ...(splits.length > 1 ? ['split'] : []),
    ...probColumns,
    'pred',
    'pred_label',
    'label_model',
    'run_id',
  ];
  const types = new Map<string, ParquetColumnType>([
    ['id', 'UTF8'],
    ['text', 'UTF8'],
    ['split', 'UTF8'],
    ...probColumns.map((column) => [column, 'DOUBLE'] as [string, ParquetColumnType]),
    ['pred', 'INT64'],
    ['pred_label', 'UTF8'],
    ['label_model', 'UTF8'],
    ['run_id', 'UTF8'],
  ]);
  const rows: Row[] = [];
  for (const split of splits) {
    for (const point of data.get(split)!.points) {
      const r = rowOf.get(point.id);
      if (r === undefined) throw new DataError(`run ${run.id} has no probabilistic label for ${split} item "${point.id}"`, { record: point.id });
      const row: Row = { id: point.id };
      if (options.text) row.text = point.text;
      if (splits.length > 1) row.split = split;
      for (let c = 0; c < k; c++) row[probColumns[c]] = outputs.probs.data[r * k + c];
      const pred = outputs.preds[r];
      Object.assign(row, { pred, pred_label: pred >= 0 ? labels[pred] : null, label_model: model, run_id: run.id });
      rows.push(row);
    }
  }
  return { rows, columns, types };
}

/** Rows of the label matrix: one per item, one column per LF, as the run applied them. */
async function matrixRows(run: RunRecord, data: RunData, splits: SplitName[], options: ExportOptions) {
  const { lfNames, matrices } = await loadLabelMatrices(String(run.artifacts!.labelMatrices));
  const reserved = ['id', 'text', 'split'];
  const clash = lfNames.find((name) => reserved.includes(name));
  if (clash) throw new DataError(`an LF is named '${clash}', which is also an export column; rename the LF`, { field: clash });
  const columns = ['id', ...(options.text ? ['text'] : []), ...(splits.length > 1 ? ['split'] : []), ...lfNames];
  const types = new Map<string, ParquetColumnType>([
    ['id', 'UTF8'],
    ['text', 'UTF8'],
    ['split', 'UTF8'],
    ...lfNames.map((name) => [name, 'INT64'] as [string, ParquetColumnType]),
  ]);
  const rows: Row[] = [];
  for (const split of splits) {
    const L = matrices.get(split);
    const points = data.get(split)!.points;
    if (!L) throw new DataError(`run ${run.id} has no label matrix for the ${split} split`, { field: split });
    if (L.n !== points.length)
      throw new DataError(`run ${run.id}: the ${split} label matrix has ${L.n} rows, the split now has ${points.length} items`, { field: split });
    points.forEach((point, i) => {
      const row: Row = { id: point.id };
      if (options.text) row.text = point.text;
      if (splits.length > 1) row.split = split;
      for (let j = 0; j < L.m; j++) row[lfNames[j]] = L.data[i * L.m + j];
      rows.push(row);
    });
  }
  return { rows, columns, types };
}

/**
 * Exports a run's probabilistic labels or label matrix (the run's store and data as config.yaml names them).
 *
 * @example
 * await exportRun('examples/youtube-spam/config.yaml', { what: 'labels', out: 'labels.parquet', split: 'train', text: false });
 */
export async function exportRun(configFile: string, options: ExportOptions): Promise<ExportSummary> {
  const logger = createLogger('warn');
  const loaded = await loadConfig(configFile, logger);
  const store = options.store ?? (await openProjectStore(storeConfigOf(loaded), { logger }));
  try {
    const resolved = path.resolve(configFile);
    const run = await findRun(store, resolved, options.what === 'labels' ? 'labelOutputs' : 'labelMatrices', options.run);
    const data = await loadRunData(loaded.config, loaded.baseDir, store);
    const splits = splitsOf(data, options.split);
    const { rows, columns, types } =
      options.what === 'labels' ? await labelRows(store, run, data, splits, loaded.config.labels, options) : await matrixRows(run, data, splits, options);
    const result = await (await datasetsOf()).writeRows(options.out, rows, { columns, types, compression: options.compression });
    return { run: run.id, what: options.what, splits, rows: result.rows, columns, file: options.out, bytes: result.bytes };
  } finally {
    if (!options.store) await store.close();
  }
}

/**
 * Runs `pipeline export`; returns the exit code (0 ok, 2 for bad arguments, a missing run or data that no longer matches).
 * Prints one JSON line: `{run, what, splits, rows, columns, file, bytes}`.
 */
export async function exportCommand(argv: readonly string[]): Promise<number> {
  if (argv[0] === '--help' || argv[0] === 'help') {
    console.log(USAGE);
    return 0;
  }
  const { config, options } = parseExportArgs(argv);
  console.log(JSON.stringify(await exportRun(config, options)));
  return 0;
}
