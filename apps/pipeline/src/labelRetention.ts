// Keeps label storage bounded: a dataset's probabilistic labels are kept for its newest runs only (default: the latest).

import type { Logger, RunRecord, Store } from '@skimmer/core';
import type { PipelineConfig } from './config/pipelineConfigSchema.ts';

/** Label outputs kept per dataset when config.yaml says nothing: a run's labels replace the previous ones. */
export const DEFAULT_KEEP_LABEL_RUNS = 1;
/** How many of the newest runs keep their labels once a run succeeds: 0 (all) with `--keep-labels`, else `labelOutputs.keepRuns` (default 1). */
export function keptLabelRuns(config: Pick<PipelineConfig, 'labelOutputs'>, keepLabels: boolean | undefined): number {
  return keepLabels ? 0 : (config.labelOutputs?.keepRuns ?? DEFAULT_KEEP_LABEL_RUNS);
}

/** Runs looked at when pruning (the newest first). */
const MAX_RUNS_SCANNED = 100_000;

/** JSON with object keys sorted: the store's jsonb does not keep the config's key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What makes two runs label "the same dataset": the same class names and the same `data:` section. */
export function datasetKey(config: Pick<PipelineConfig, 'labels' | 'data'>): string {
  return canonicalJson({ labels: config.labels, data: config.data });
}

/** The dataset key of a stored run, or undefined when its config (null for some runs) has no labels or data. */
export function runDatasetKey(run: RunRecord): string | undefined {
  const config = run.config as Partial<PipelineConfig> | null;
  return config?.labels && config.data ? datasetKey({ labels: config.labels, data: config.data }) : undefined;
}

/**
 * Deletes the label outputs of `config`'s dataset except those of its `keep` newest succeeded runs with labels
 * (0 keeps every run's); runs still running are left alone, and failed runs lose their partial labels. The runs
 * themselves, their metrics and reports stay. Returns the runs pruned and the label rows deleted.
 *
 * @example
 * await pruneLabelOutputs(store, loaded.config, 1); // { runs: ['20261206T0900-ab12'], rows: 1586 }
 */
export async function pruneLabelOutputs(
  store: Store,
  config: Pick<PipelineConfig, 'labels' | 'data'>,
  keep: number,
  logger?: Logger,
): Promise<{ runs: string[]; rows: number }> {
  if (keep === 0) return { runs: [], rows: 0 };
  const key = datasetKey(config);
  const runs = (await store.runs.list({ limit: MAX_RUNS_SCANNED })).filter((run) => run.status !== 'running' && runDatasetKey(run) === key);
  let kept = 0;
  const pruned: string[] = [];
  for (const run of runs) {
    const hasLabels = run.status === 'succeeded' && typeof run.artifacts?.labelOutputs === 'string';
    if (hasLabels && kept < keep) kept++;
    else pruned.push(run.id);
  }
  const rows = await store.labelOutputs.deleteRuns(pruned);
  if (rows > 0) logger?.info({ runs: pruned.length, rows, keep }, 'label outputs of older runs deleted');
  return { runs: pruned, rows };
}
