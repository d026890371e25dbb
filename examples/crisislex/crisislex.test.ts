// CrisisLexT6 end to end through `pipeline run examples/crisislex/config.yaml`: behaviour on a crisis the rules never saw, not tuned figures.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@skimmer/core';
import { createLogger } from '../../apps/pipeline/src/logger.ts';
import { silentProgress } from '../../apps/pipeline/src/progress.ts';
import { runPipeline, type PipelineRunResult } from '../../apps/pipeline/src/runPipeline.ts';
import { HAZARD_WORDS, readExampleLexicon } from './crisislexLFs.ts';
import { exampleLexicon } from './writeLexicon.ts';

const config = path.join(repoRoot, 'examples/crisislex/config.yaml');
/** Macro F1 of a model that learned nothing (one class for every tweet) is at most 0.5; these floors sit well above it and well below the fold table's figures (README.md). */
const FLOOR = 0.75;

describe('CrisisLexT6: train on Sandy + Alberta + Boston (gold hidden, 200 gold as dev), test on Oklahoma', () => {
  let outputDir: string;
  let result: PipelineRunResult;

  beforeAll(async () => {
    outputDir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-crisislex-'));
    result = await runPipeline(config, { store: { dataDir: 'memory://' }, outputDir, progress: silentProgress, logger: createLogger('silent') });
    const { labelModel, classifier } = result.report;
    console.log(`Oklahoma macro F1: label model ${labelModel?.test?.macroF1.toFixed(4)}, classifier ${classifier?.metrics.test?.macroF1.toFixed(4)}`);
  });
  afterAll(async () => {
    await rm(outputDir, { recursive: true, force: true });
  });

  // The reader keeps the files' label column on train too: those labels only score train in the report; nothing trains on them.
  it('trains on the 29,851 pool tweets outside dev, picks on 200 dev tweets and scores 9,992 Oklahoma tweets', () => {
    expect(result.report.splits).toEqual({ train: { n: 29851, gold: 29851 }, dev: { n: 200, gold: 200 }, test: { n: 9992, gold: 9992 } });
  });

  it('the label model, its majority-vote baseline and the classifier all learn something on the unseen crisis', () => {
    const { labelModel, labelModels, classifier } = result.report;
    expect(labelModels.map((m) => m.type)).toContain('mv');
    for (const model of [labelModel, ...labelModels]) expect(model?.test?.macroF1).toBeGreaterThan(FLOOR);
    expect(classifier?.metrics.test?.macroF1).toBeGreaterThan(FLOOR);
    expect(classifier?.metrics.test?.coverage).toBe(1); // a text classifier labels every tweet, also those no LF understands
  });

  it('writes the figures to report.json', async () => {
    const report = JSON.parse(await readFile(result.reportPath, 'utf8'));
    expect(report.labelModel.test.macroF1).toBe(result.report.labelModel?.test?.macroF1);
    expect(report.classifier.metrics.test.macroF1).toBe(result.report.classifier?.metrics.test?.macroF1);
    expect(report.classifier.metrics.dev.macroF1).toBe(result.report.classifier?.metrics.dev?.macroF1);
  });

  it('swaps the keywords of the hazard_word LF, no more and no fewer (config.yaml repeats HAZARD_WORDS)', async () => {
    const yaml = parse(await readFile(config, 'utf8'));
    expect(yaml.classifier.options.augment.swapGroups).toEqual([HAZARD_WORDS]);
  });
});

describe('the example’s lexicon', () => {
  // What makes "a crisis the rules never saw" true: lexicon.txt is exactly what the three training crises' texts give.
  it('is the one learned from the training crises’ texts alone (writeLexicon.ts), so it never saw Oklahoma', () => {
    expect(readExampleLexicon()).toEqual(exampleLexicon().lexicon);
  });
});
