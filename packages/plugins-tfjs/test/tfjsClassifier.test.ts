// Specification of the TensorFlow.js classifier: accuracy on a real crisis, save/load round trip, label-set check, options.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassifierError, f1Macro, probsToPreds } from '@skimmer/core';
import { TfjsClassifier, tfjsClassifierFactory, tokenize, TextVocabulary } from '../src/index.ts';
import { oneHot, readCrisis } from '../../../test-support/crisislexData.ts';

const CLASSES = ['off-topic', 'on-topic'];

/** The tweets at even (`parity` 0) or odd (1) rows: the CSVs are grouped by label, so a prefix would be nearly one class. */
function alternateRows(data: { texts: string[]; labels: Int32Array }, parity: 0 | 1): { texts: string[]; labels: Int32Array } {
  const rows = Array.from({ length: Math.floor((data.texts.length - parity + 1) / 2) }, (_, j) => 2 * j + parity);
  return { texts: rows.map((i) => data.texts[i]), labels: Int32Array.from(rows, (i) => data.labels[i]) };
}

describe('TfjsClassifier on CrisisLexT6 (Alberta floods: train on even rows, test on odd rows)', () => {
  let clf: TfjsClassifier;
  let test: { texts: string[]; labels: Int32Array };
  let dir: string;

  beforeAll(async () => {
    const alberta = readCrisis('2013_Alberta_Floods');
    const train = alternateRows(alberta, 0);
    test = alternateRows(alberta, 1);
    clf = new TfjsClassifier({ classNames: CLASSES, epochs: 3, vocabularySize: 5000 });
    await clf.fit(train.texts, oneHot(train.labels, 2), { seed: 1 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-tfjs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('classifies held-out tweets of the crisis with macro F1 of at least 0.90', async () => {
    const preds = probsToPreds(await clf.predictProba(test.texts), 'random');
    expect(f1Macro(test.labels, preds)).toBeGreaterThanOrEqual(0.9);
  });

  it('gives identical probabilities after save and load', async () => {
    await clf.save(dir);
    const loaded = await tfjsClassifierFactory.load(dir, CLASSES);
    const sample = test.texts.slice(0, 300);
    expect(Array.from((await loaded.predictProba(sample)).data)).toEqual(Array.from((await clf.predictProba(sample)).data));
  });

  it('refuses to load a model trained with another label set', async () => {
    await clf.save(dir);
    await expect(TfjsClassifier.load(dir, ['spam', 'ham'])).rejects.toThrow(ClassifierError);
    await expect(TfjsClassifier.load(dir, ['spam', 'ham'])).rejects.toThrow(/trained with labels \[off-topic, on-topic\], but this run expects \[spam, ham\]/);
  });
});

describe('TfjsClassifier training options', () => {
  const texts = ['deep learning model', 'neural network training', 'pizza for dinner', 'sunny beach day'];
  const soft = { n: 4, k: 2, data: Float64Array.from([0, 1, 0.1, 0.9, 0.95, 0.05, 0.55, 0.45]) };

  it('drops rows below minConfidence', async () => {
    const report = await new TfjsClassifier({ classNames: CLASSES, epochs: 1 }).fit(texts, soft, { minConfidence: 0.8 });
    expect(report).toMatchObject({ trainRows: 3, droppedRows: 1 });
  });

  it('stops early when the validation macro F1 stops improving', async () => {
    const validation = { texts, labels: [1, 1, 0, 0] };
    const report = await new TfjsClassifier({ classNames: CLASSES, epochs: 50, patience: 2, minCount: 1 }).fit(texts, soft, { validation, seed: 3 });
    expect(report.epochs).toBe(report.bestEpoch + 2);
  });

  it('is reproducible for a seed', async () => {
    const a = new TfjsClassifier({ classNames: CLASSES, epochs: 2, minCount: 1 });
    const b = new TfjsClassifier({ classNames: CLASSES, epochs: 2, minCount: 1 });
    await a.fit(texts, soft, { seed: 7 });
    await b.fit(texts, soft, { seed: 7 });
    expect(Array.from((await a.predictProba(texts)).data)).toEqual(Array.from((await b.predictProba(texts)).data));
  });

  it('refuses soft labels of the wrong shape, naming both shapes', async () => {
    await expect(new TfjsClassifier({ classNames: CLASSES }).fit(texts, { n: 3, k: 2, data: new Float64Array(6) })).rejects.toThrow(
      /soft labels are 3 × 2, expected 4 × 2/,
    );
  });
});

describe('tokenize and TextVocabulary', () => {
  it('lower-cases words and hashtags and replaces links and mentions', () => {
    expect(tokenize('RT @Bob: Flooding in #Calgary http://t.co/x')).toEqual(['rt', '<user>', 'flooding', 'in', '#calgary', '<url>']);
  });

  it('keeps the most frequent words, reserves ids 0 and 1, and repeats short texts instead of padding', () => {
    const vocab = TextVocabulary.fit(['flood flood water', 'flood water help'], 4, 2);
    expect(vocab.words).toEqual(['flood', 'water']);
    expect(Array.from(vocab.encodeAll(['water flood help'], 5))).toEqual([3, 2, 1, 3, 2]);
  });
});
