// `pipeline prepare config.yaml`: reads posts (a file or the store's raw_posts), prepares them and writes the SSP Parquet splits.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, DataError, prepareConfigSchema, prepareDataset, toPrepareOptions } from '@skimmer/core';
import type { DataRecord, DatasetItem, PatternCompiler, Post, PrepareConfig, PreparedDataset, PreparedRecord, PreparedSplit, Store } from '@skimmer/core';
import { configSection, siteOf } from '../config/configDocument.ts';
import { locatedConfigError } from '../config/configIssues.ts';
import { withQuoteOpenLine } from '../data/csvQuoteLine.ts';
import { loadProject, storeOf } from '../project/loadProject.ts';
import { describesStore, storeConfigOf } from '../runStore.ts';
import { datasetsOf } from '../project/pluginProvider.ts';
import { UsageError } from '../usageError.ts';

/** File name of the full dataset and of each split, as the SSP notebooks name them. */
export const SSP_FILES: Readonly<Record<'all' | PreparedSplit, string>> = {
  all: 'ssp_tweet_dataset.parquet',
  train: 'ssp_train_dataset.parquet',
  lf: 'ssp_LF_dataset.parquet',
  test: 'ssp_test_dataset.parquet',
  val: 'ssp_val_dataset.parquet',
};

/** The split names recorded in dataset_items (the store calls the LF split 'dev'). */
const STORE_SPLIT: Readonly<Record<PreparedSplit, string>> = { train: 'train', lf: 'dev', test: 'test', val: 'val' };

/** Raw post columns copied into the Parquet files when present. */
const RAW_COLUMNS = ['created_at', 'source', 'expanded_url', 'media_url_https'] as const;

/** What `prepare` did, also printed as one JSON line. */
export interface PrepareSummary {
  input: string;
  outputDir: string;
  rows: Record<'all' | PreparedSplit, number>;
  removed: PreparedDataset['removed'];
  naiveLabelCounts: Record<string, number>;
  /** Dataset name recorded in the store, or null when no store was used. */
  storedAs: string | null;
}

/** A stored post as a record with the raw SSP columns (several URLs joined by a space). */
function postToRecord(post: Post): DataRecord {
  return {
    id: post.id,
    text: post.text,
    created_at: post.createdAt,
    source: post.source,
    expanded_url: post.expandedUrls.length > 0 ? post.expandedUrls.join(' ') : null,
    media_url_https: post.mediaUrls.length > 0 ? post.mediaUrls.join(' ') : null,
  };
}

/** The row written to Parquet: id, text, labels and the raw columns the record has. */
function outputRow(record: PreparedRecord): DataRecord {
  const row: DataRecord = { id: record.id, text: record.text };
  if (record.label !== undefined) row.label = record.label;
  row.naive_label = record.naive_label;
  row.naive_rule = record.naive_rule;
  for (const column of RAW_COLUMNS) if (record[column] !== undefined && record[column] !== null) row[column] = record[column];
  return row;
}

/** RE2 (via plugins-regex) for `pattern` rules: linear time, so a user pattern cannot hang the run. */
async function re2PatternCompiler(): Promise<PatternCompiler> {
  const { compileRegex } = await import('@skimmer/plugins-regex');
  return (pattern, flags) => {
    const compiled = compileRegex(pattern, flags);
    if (!compiled.ok) throw new ConfigError('prepare.naive_labeller.rules', `${compiled.message} (pattern ${JSON.stringify(pattern)})`);
    return (text) => compiled.regex.test(text);
  };
}

async function readInput(prepare: PrepareConfig, baseDir: string, store: Store | undefined): Promise<{ records: DataRecord[]; input: string }> {
  const records: DataRecord[] = [];
  if (prepare.input) {
    const input = path.resolve(baseDir, prepare.input);
    const datasets = await datasetsOf();
    for await (const record of withQuoteOpenLine(datasets.read(input, { columns: prepare.columns }), input)) records.push(record);
    return { records, input };
  }
  if (!store) throw new ConfigError('prepare.input', 'give an input file or configure a store to read raw_posts from');
  for await (const post of store.posts.streamPosts()) records.push(postToRecord(post));
  if (records.length === 0)
    throw new DataError(`the store's raw_posts is empty: ingest posts first (pipeline ingest) or set prepare.input`, { store: store.kind });
  return { records, input: `store:${store.kind}:raw_posts` };
}

async function writeSplits(prepared: PreparedDataset, outputDir: string): Promise<Record<'all' | PreparedSplit, number>> {
  await mkdir(outputDir, { recursive: true });
  const allRows = prepared.all.map(outputRow);
  const datasets = await datasetsOf();
  const types = datasets.inferTypes(allRows);
  const rows = { all: 0, train: 0, lf: 0, test: 0, val: 0 };
  rows.all = (await datasets.writeRecords(path.join(outputDir, SSP_FILES.all), allRows, { types })).rows;
  for (const split of ['train', 'lf', 'test', 'val'] as const) {
    rows[split] = (await datasets.writeRecords(path.join(outputDir, SSP_FILES[split]), prepared.splits[split].map(outputRow), { types })).rows;
  }
  return rows;
}

function datasetItems(prepared: PreparedDataset): DatasetItem[] {
  return (['train', 'lf', 'test', 'val'] as const).flatMap((split) =>
    prepared.splits[split].map((record) => ({ itemId: record.id, split: STORE_SPLIT[split], naiveLabel: record.naive_label })),
  );
}

/**
 * Runs the prepare stage of a config file and returns its summary. Without `prepare.input` it reads the store's
 * raw_posts (the embedded default when no `store:` is configured); with a store it records the splits in
 * `datasets` / `dataset_items`.
 *
 * @example
 * const summary = await runPrepare('examples/prepare/config.file.yaml');
 * summary.rows.test; // 1000
 */
export async function runPrepare(configPath: string): Promise<PrepareSummary> {
  const project = await loadProject(configPath, { provides: ['store'] });
  const { baseDir } = project.doc;
  const prepare = configSection(project.doc, prepareConfigSchema, 'prepare');
  // a store when the config describes one, or to read raw_posts from (the default store) when there is no input file
  const store = describesStore(storeConfigOf(project)) || !prepare.input ? await storeOf(project) : undefined;
  try {
    const { records, input } = await readInput(prepare, baseDir, store);
    const hasPatterns = prepare.naive_labeller?.rules.some((rule) => rule.pattern !== undefined) ?? false;
    const compilePattern = hasPatterns ? await re2PatternCompiler() : undefined;
    let prepared: PreparedDataset;
    try {
      prepared = prepareDataset(records, { ...toPrepareOptions(prepare), compilePattern });
    } catch (error) {
      // the checks that need the data (split sizes, patterns) name the prepare: path; the file and line are added here
      if (error instanceof ConfigError && error.path.startsWith('prepare')) throw locatedConfigError(siteOf(project.doc), error);
      throw error;
    }
    const outputDir = path.resolve(baseDir, prepare.output_dir);
    const rows = await writeSplits(prepared, outputDir);
    if (store) await store.datasets.saveDataset({ name: prepare.dataset, config: prepare, seed: prepare.seed, items: datasetItems(prepared) });
    return { input, outputDir, rows, removed: prepared.removed, naiveLabelCounts: prepared.naiveLabelCounts, storedAs: store ? prepare.dataset : null };
  } finally {
    await store?.close();
  }
}

/**
 * The `pipeline prepare <config.yaml>` subcommand: prints the summary as one JSON line; errors are thrown to the
 * CLI, which maps them to the exit-code table (docs/cli.md).
 */
export async function prepareCommand(argv: readonly string[]): Promise<number> {
  const [configPath, extra] = argv;
  if (!configPath || extra !== undefined) throw new UsageError('usage: pipeline prepare <config.yaml>');
  console.log(JSON.stringify(await runPrepare(configPath)));
  return 0;
}
