// Specification of `pipeline export`: the youtube-spam run's probabilistic labels and label matrix, keyed by item id, as Parquet / CSV / JSONL.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '@skimmer/core';
import type { Store } from '@skimmer/core';
import { describeDataset, readDatasetAll, readRows } from '@skimmer/plugins-datasets';
import { openStore } from '@skimmer/plugins-postgres';
import { exportRun } from '../src/commands/export.ts';
import { createLogger } from '../src/logger.ts';
import { silentProgress } from '../src/progress.ts';
import { runPipeline, type PipelineRunResult } from '../src/runPipeline.ts';

const config = path.join(repoRoot, 'examples/youtube-spam/config.yaml');
let outputDir: string;
let store: Store;
let run: PipelineRunResult;

beforeAll(async () => {
  outputDir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-export-'));
  store = await openStore({ dataDir: 'memory://' });
  // Labels only (apply, analyze, fit): the classifier is not what is exported.
  run = await runPipeline(config, { store, outputDir, stages: ['apply', 'analyze', 'fit'], progress: silentProgress, logger: createLogger('silent') });
}, 120_000);

afterAll(async () => {
  await store?.close();
  await rm(outputDir, { recursive: true, force: true });
});

async function rowsOf(file: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for await (const row of readRows(file)) rows.push(row);
  return rows;
}

describe('pipeline export (examples/youtube-spam)', () => {
  test('labels to Parquet: one row per training item, probabilities summing to 1, pred the argmax, model and run named', async () => {
    const out = path.join(outputDir, 'labels.parquet');
    const summary = await exportRun(config, { what: 'labels', out, split: 'train', text: true, store });
    expect(summary).toMatchObject({
      run: run.runId,
      rows: 1586,
      columns: ['id', 'text', 'prob_ham', 'prob_spam', 'pred', 'pred_label', 'label_model', 'run_id'],
    });
    const rows = await rowsOf(out);
    const trainIds = (await readFile(path.join(repoRoot, 'examples/youtube-spam/split/train_ids.txt'), 'utf8')).split('\n').filter(Boolean);
    expect(rows.map((row) => row.id).sort()).toEqual([...trainIds].sort());
    for (const row of rows) {
      const [ham, spam] = [row.prob_ham as number, row.prob_spam as number];
      // Stored as float32 (`real`): the sum is 1 to within float32 rounding.
      expect(Math.abs(ham + spam - 1)).toBeLessThan(1e-6);
      expect(row.pred).toBe(spam > ham ? 1 : 0);
      expect(row.pred_label).toBe(['ham', 'spam'][row.pred as number]);
      expect(row).toMatchObject({ label_model: 'snorkel', run_id: run.runId });
    }
    const described = await describeDataset(out, { head: 0 });
    expect(described.columns.map((column) => [column.name, column.physicalType, column.nulls])).toEqual([
      ['id', 'BYTE_ARRAY', 0],
      ['text', 'BYTE_ARRAY', 0],
      ['prob_ham', 'DOUBLE', 0],
      ['prob_spam', 'DOUBLE', 0],
      ['pred', 'INT64', 0],
      ['pred_label', 'BYTE_ARRAY', 0],
      ['label_model', 'BYTE_ARRAY', 0],
      ['run_id', 'BYTE_ARRAY', 0],
    ]);
  });

  test('the label matrix to CSV: id plus one column per LF, the cells the run applied', async () => {
    const out = path.join(outputDir, 'L_train.csv');
    const summary = await exportRun(config, { what: 'matrix', out, split: 'train', text: false, store });
    expect(summary.columns).toEqual(['id', ...run.report.lfSummary.map((lf) => lf.name)]);
    const rows = await rowsOf(out);
    expect(rows).toHaveLength(1586);
    const coverage = run.report.lfSummary.map((lf) => rows.filter((row) => row[lf.name] !== '-1').length / rows.length);
    expect(coverage).toEqual(run.report.lfSummary.map((lf) => lf.coverage));
  });

  test('every split to JSONL with a split column; the ids are the records the readers give', async () => {
    const out = path.join(outputDir, 'labels.jsonl');
    const summary = await exportRun(config, { what: 'labels', out, split: 'all', text: false, store });
    expect(summary).toMatchObject({ splits: ['train', 'valid', 'test'], rows: 1956 });
    const rows = await readDatasetAll(out, { columns: { text: 'split' } });
    expect(rows.filter((row) => row.text === 'test')).toHaveLength(250);
  });

  test('names the missing run', async () => {
    await expect(
      exportRun(config, { what: 'labels', out: path.join(outputDir, 'x.parquet'), split: 'train', text: false, store, run: 'no-such-run' }),
    ).rejects.toThrow('no run "no-such-run" in the store');
  });
});
