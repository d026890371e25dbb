// CrisisLexT6 end to end through `pipeline run examples/crisislex/config.yaml`: the classifier beats the label model on an unseen crisis.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@skimmer/core';
import { createLogger } from '../../apps/pipeline/src/logger.ts';
import { silentProgress } from '../../apps/pipeline/src/progress.ts';
import { runPipeline, type PipelineRunResult } from '../../apps/pipeline/src/runPipeline.ts';
import { HAZARD_WORDS } from './crisislexLFs.ts';

const config = path.join(repoRoot, 'examples/crisislex/config.yaml');

describe('CrisisLexT6: train on Sandy + Alberta + Boston (gold hidden, 200 gold as dev), test on Oklahoma', () => {
  let outputDir: string;
  let result: PipelineRunResult;

  beforeAll(async () => {
    outputDir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-crisislex-'));
    result = await runPipeline(config, { store: { dataDir: 'memory://' }, outputDir, progress: silentProgress, logger: createLogger('silent') });
    const { labelModel, classifier } = result.report;
    console.log(`Oklahoma macro F1: label model ${labelModel?.test?.macroF1.toFixed(4)}, classifier ${classifier?.metrics.test?.macroF1.toFixed(4)}`);
  });
  afterAll(async () => { await rm(outputDir, { recursive: true, force: true }); });

  // The reader keeps the files' label column on train too: those labels only score train in the report; nothing trains on them.
  it('trains on the 29,851 pool tweets outside dev, picks on 200 dev tweets and scores 9,992 Oklahoma tweets', () => {
    expect(result.report.splits).toEqual({ train: { n: 29851, gold: 29851 }, dev: { n: 200, gold: 200 }, test: { n: 9992, gold: 9992 } });
  });

  it('the label model reaches macro F1 0.87 on the unseen crisis', () => {
    expect(result.report.labelModel?.test?.macroF1).toBeCloseTo(0.8735, 2);
  });

  // Seed 1 (config.yaml): 0.8972 against 0.8735. Seeds 2 and 3 give 0.8891 and 0.8960 (README.md).
  it('the classifier trained on the label model’s labels beats the label model on Oklahoma macro F1 by at least 0.01', () => {
    const { labelModel, classifier } = result.report;
    expect(classifier?.metrics.test?.macroF1).toBeGreaterThan(labelModel!.test!.macroF1 + 0.01);
    expect(classifier?.metrics.test?.macroF1).toBeCloseTo(0.8972, 2);
  });

  it('the classifier beats the label model on the dev tweets too (the only gold a user of the example has)', () => {
    const { labelModel, classifier } = result.report;
    expect(classifier?.metrics.dev?.macroF1).toBeGreaterThan(labelModel!.dev!.macroF1);
  });

  it('writes both figures to report.json', async () => {
    const report = JSON.parse(await readFile(result.reportPath, 'utf8'));
    expect(report.labelModel.test.macroF1).toBe(result.report.labelModel?.test?.macroF1);
    expect(report.classifier.metrics.test.macroF1).toBe(result.report.classifier?.metrics.test?.macroF1);
  });

  it('swaps the keywords of the hazard_word LF, no more and no fewer (config.yaml repeats HAZARD_WORDS)', async () => {
    const yaml = parse(await readFile(config, 'utf8'));
    expect(yaml.classifier.options.augment.swapGroups).toEqual([HAZARD_WORDS]);
  });
});
