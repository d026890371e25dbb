import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassifierError, f1Macro, probsToPreds } from '@skimmer/core';
import { LinearClassifier, linearClassifierFactory } from '../src/index.ts';
import { readCrisis, oneHot } from '../../../test-support/crisislexData.ts';

const CLASSES = ['off-topic', 'on-topic'];

describe('LinearClassifier on CrisisLexT6 (train Sandy + Alberta + Boston, test Oklahoma)', () => {
  let clf: LinearClassifier;
  let test: ReturnType<typeof readCrisis>;
  let dir: string;

  beforeAll(async () => {
    const parts = [readCrisis('2012_Sandy_Hurricane'), readCrisis('2013_Alberta_Floods'), readCrisis('2013_Boston_Bombings')];
    const texts = parts.flatMap((p) => p.texts);
    const labels = Int32Array.from(parts.flatMap((p) => Array.from(p.labels)));
    test = readCrisis('2013_Oklahoma_Tornado');
    clf = new LinearClassifier({ classNames: CLASSES });
    await clf.fit(texts, oneHot(labels, 2), { seed: 1 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-linear-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('classifies an unseen crisis with macro F1 of at least 0.84', async () => {
    const preds = probsToPreds(await clf.predictProba(test.texts), 'random');
    expect(f1Macro(test.labels, preds)).toBeGreaterThanOrEqual(0.84);
  });

  it('gives identical probabilities after save and load', async () => {
    await clf.save(dir);
    const loaded = await linearClassifierFactory.load(dir, CLASSES);
    const sample = test.texts.slice(0, 200);
    expect(Array.from((await loaded.predictProba(sample)).data)).toEqual(Array.from((await clf.predictProba(sample)).data));
  });

  it('refuses to load a model trained with another label set', async () => {
    await clf.save(dir);
    await expect(LinearClassifier.load(dir, ['spam', 'ham'])).rejects.toThrow(ClassifierError);
    await expect(LinearClassifier.load(dir, ['spam', 'ham'])).rejects.toThrow(
      /trained with labels \[off-topic, on-topic\], but this run expects \[spam, ham\]/,
    );
  });
});

describe('LinearClassifier training options', () => {
  const texts = ['deep learning model', 'neural network training', 'pizza for dinner', 'sunny beach day'];
  const soft = { n: 4, k: 2, data: Float64Array.from([0, 1, 0.1, 0.9, 0.95, 0.05, 0.55, 0.45]) };

  it('drops rows below minConfidence', async () => {
    const report = await new LinearClassifier({ classNames: CLASSES, epochs: 2 }).fit(texts, soft, { minConfidence: 0.8 });
    expect(report.trainRows).toBe(3);
    expect(report.droppedRows).toBe(1);
  });

  it('is reproducible for a seed', async () => {
    const a = new LinearClassifier({ classNames: CLASSES });
    const b = new LinearClassifier({ classNames: CLASSES });
    await a.fit(texts, soft, { seed: 7 });
    await b.fit(texts, soft, { seed: 7 });
    expect(Array.from((await a.predictProba(texts)).data)).toEqual(Array.from((await b.predictProba(texts)).data));
  });

  it('rejects soft labels of the wrong shape', async () => {
    await expect(new LinearClassifier({ classNames: CLASSES }).fit(texts, { n: 3, k: 2, data: new Float64Array(6) })).rejects.toThrow(
      /soft labels are 3 × 2, expected 4 × 2/,
    );
  });
});
