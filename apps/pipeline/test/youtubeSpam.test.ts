// The YouTube spam example end to end, in process: the Snorkel tutorial's LF coverages, the label-model figures and the report fields.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '@skimmer/core';
import type { Store } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import { silentProgress } from '../src/progress.ts';
import { createLogger } from '../src/logger.ts';
import { runPipeline, type PipelineRunResult } from '../src/runPipeline.ts';

const config = path.join(repoRoot, 'examples/youtube-spam/config.yaml');
let outputDir: string;
let store: Store;
let result: PipelineRunResult;
const quiet = () => ({ store, outputDir, progress: silentProgress, logger: createLogger('silent') });

beforeAll(async () => {
  outputDir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-youtube-'));
  store = await openStore({ dataDir: 'memory://' });
  result = await runPipeline(config, quiet());
});

afterAll(async () => {
  await store?.close();
  await rm(outputDir, { recursive: true, force: true });
});

describe('examples/youtube-spam (Snorkel spam tutorial split: its 7 LFs without NLP, plus a praise-word LF)', () => {
  test("train is the tutorial's 1586 rows and test its 250", () => {
    expect(result.report.splits).toEqual({ train: { n: 1586, gold: 1586 }, valid: { n: 120, gold: 120 }, test: { n: 250, gold: 250 } });
  });

  test("per-LF train coverage equals the tutorial's", () => {
    const coverage = Object.fromEntries(result.report.lfSummary.map((lf) => [lf.name, Number(lf.coverage.toFixed(4))]));
    expect(coverage).toEqual({
      keyword_my: 0.1986,
      keyword_subscribe: 0.1274,
      keyword_http: 0.1192,
      keyword_please: 0.1122,
      keyword_song: 0.1419,
      regex_check_out: 0.2339,
      keyword_praise: 0.2112, // not a tutorial LF: the stand-in for its TextBlob LFs
      short_comment: 0.2257,
    });
  });

  test('lfSummary entries carry overlaps, conflicts and the empirical accuracy on the valid split', () => {
    const my = result.report.lfSummary[0];
    expect(Object.keys(my)).toEqual(['name', 'polarity', 'coverage', 'overlaps', 'conflicts', 'empiricalAccuracy']);
    expect(result.report.empiricalAccuracySplit).toBe('valid');
    expect(my.polarity).toEqual([1]);
    expect(my.overlaps).toBeCloseTo(276 / 1586, 12);
    expect(my.conflicts).toBeCloseTo(121 / 1586, 12);
    expect(my.empiricalAccuracy).toBeCloseTo(16 / 17, 10);
  });

  test('the Snorkel label model scores 0.86 accuracy on test (the tutorial: 86.0%)', () => {
    expect(result.report.labelModel?.name).toBe('snorkel');
    expect(result.report.labelModel?.test?.accuracy).toBeCloseTo(0.86, 10);
    expect(result.report.labelModel?.test?.f1).toBeCloseTo(0.8444444444444444, 10);
  });

  test('majority vote is fitted as a baseline and scores 0.868 on test', () => {
    const mv = result.report.labelModels.find((m) => m.baseline)!;
    expect(mv).toMatchObject({ name: 'majority-vote', type: 'mv' });
    expect(mv.test?.accuracy).toBeCloseTo(0.868, 10);
  });

  test('report.json and report.html are written under runs/<run-id>/', async () => {
    expect(result.reportPath).toBe(path.join(outputDir, result.runId, 'report.json'));
    expect(JSON.parse(await readFile(result.reportPath, 'utf8')).labelModel.test.accuracy).toBeCloseTo(0.86, 10);
    const html = await readFile(result.htmlPath, 'utf8');
    expect(html).toContain('<td>keyword_my</td>');
    expect(html).not.toContain('<script');
  });

  test('the run, its metrics and the probabilistic labels of every split are in the store', async () => {
    const run = await store.runs.get(result.runId);
    expect(run?.status).toBe('succeeded');
    expect((run?.metrics as { labelModel: { test: { accuracy: number } } } | undefined)?.labelModel.test.accuracy).toBeCloseTo(0.86, 10);
    const outputs = await store.labelOutputs.read(result.runId);
    expect(outputs.probs.n).toBe(1586 + 120 + 250);
  });

  test('`fit` alone reads the label matrices of the latest run from the store and gives the same figures', async () => {
    const fitOnly = await runPipeline(config, { ...quiet(), stages: ['analyze', 'fit'] });
    expect(fitOnly.report.artifacts.labelMatrices).toBe(path.join(result.runDir, 'label-matrices.json'));
    expect(fitOnly.report.labelModel?.test).toEqual(result.report.labelModel?.test);
  });
});
