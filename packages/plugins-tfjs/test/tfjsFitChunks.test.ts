// TfjsClassifier.fitChunks: exactly `fit` up to one block of rows; beyond, a vocabulary counted in one pass and fitDataset over blocks.

import { describe, expect, it } from 'vitest';
import { f1Macro, probsToPreds, type ProbMatrix, type TrainingChunk } from '@skimmer/core';
import { countTokens, TextVocabulary, TfjsClassifier } from '../src/index.ts';
import { oneHot, readCrisis } from '../../../test-support/crisislexData.ts';

const CLASSES = ['off-topic', 'on-topic'];

/** `texts` and `labels` cut into chunks of `size` rows, read again at each call; `reads` counts the calls. */
function chunked(texts: readonly string[], labels: ProbMatrix, size: number, reads = { count: 0 }): () => AsyncIterable<TrainingChunk> {
  return async function* () {
    reads.count++;
    for (let start = 0; start < texts.length; start += size) {
      const end = Math.min(texts.length, start + size);
      yield { texts: texts.slice(start, end), labels: { n: end - start, k: labels.k, data: labels.data.slice(start * labels.k, end * labels.k) } };
    }
  };
}

describe('TfjsClassifier.fitChunks', () => {
  const alberta = readCrisis('2013_Alberta_Floods');
  const rows = (parity: number) => Array.from({ length: Math.floor((alberta.texts.length - parity + 1) / 2) }, (_, j) => 2 * j + parity);
  const train = { texts: rows(0).map((i) => alberta.texts[i]), labels: Int32Array.from(rows(0), (i) => alberta.labels[i]) };
  const test = { texts: rows(1).map((i) => alberta.texts[i]), labels: Int32Array.from(rows(1), (i) => alberta.labels[i]) };
  const labels = oneHot(train.labels, 2);
  const settings = { classNames: CLASSES, epochs: 2, vocabularySize: 5000 };

  it('counts the same vocabulary chunk by chunk as fit does on the whole set', () => {
    const counts = new Map<string, number>();
    for (const text of train.texts) countTokens(counts, text);
    expect(TextVocabulary.fromCounts(counts, 5000, 2).words).toEqual(TextVocabulary.fit(train.texts, 5000, 2).words);
  });

  it('equals fit on the same rows when they fit in one block', async () => {
    const sample = { texts: train.texts.slice(0, 1500), labels: { n: 1500, k: 2, data: labels.data.slice(0, 3000) } };
    const whole = new TfjsClassifier(settings);
    const streamed = new TfjsClassifier(settings);
    const a = await whole.fit(sample.texts, sample.labels, { seed: 5 });
    const b = await streamed.fitChunks(chunked(sample.texts, sample.labels, 400), { seed: 5 });
    expect(b).toEqual(a);
    const probe = test.texts.slice(0, 300);
    expect(Array.from((await streamed.predictProba(probe)).data)).toEqual(Array.from((await whole.predictProba(probe)).data));
  }, 60_000);

  it('trains block by block beyond blockRows: a vocabulary pass, one read an epoch, every row once, as accurate', async () => {
    const reads = { count: 0 };
    const streamed = new TfjsClassifier({ ...settings, blockRows: 1000 });
    const report = await streamed.fitChunks(chunked(train.texts, labels, 700, reads), { seed: 5 });
    expect(report).toMatchObject({ trainRows: train.texts.length, droppedRows: 0, epochs: 2 });
    expect(reads.count).toBe(1 + 1 + 2); // the look at the first two blocks, the vocabulary, one read an epoch
    const f1 = f1Macro(test.labels, probsToPreds(await streamed.predictProba(test.texts), 'random'));
    expect(f1).toBeGreaterThanOrEqual(0.88);
  }, 120_000);
});
