// LinearClassifier.fitChunks: exactly `fit` up to one block of rows, and block by block (bounded memory) beyond.

import { describe, expect, it } from 'vitest';
import { f1Macro, probsToPreds, type ProbMatrix, type TrainingChunk } from '@skimmer/core';
import { LinearClassifier } from '../src/index.ts';
import { oneHot, readCrisis } from '../../../test-support/crisislexData.ts';

const CLASSES = ['off-topic', 'on-topic'];

/** `texts` and `labels` cut into chunks of `size` rows, read again at each call. */
function chunked(texts: readonly string[], labels: ProbMatrix, size: number): () => AsyncIterable<TrainingChunk> {
  return async function* () {
    for (let start = 0; start < texts.length; start += size) {
      const end = Math.min(texts.length, start + size);
      yield { texts: texts.slice(start, end), labels: { n: end - start, k: labels.k, data: labels.data.slice(start * labels.k, end * labels.k) } };
    }
  };
}

describe('LinearClassifier.fitChunks', () => {
  const train = readCrisis('2012_Sandy_Hurricane');
  const test = readCrisis('2013_Oklahoma_Tornado');
  const labels = oneHot(train.labels, 2);
  const validation = { texts: test.texts.slice(0, 300), labels: test.labels.slice(0, 300) };

  it('equals fit on the same rows when they fit in one block, whatever the chunks', async () => {
    const whole = new LinearClassifier({ classNames: CLASSES });
    const streamed = new LinearClassifier({ classNames: CLASSES });
    const a = await whole.fit(train.texts, labels, { seed: 3, validation });
    const b = await streamed.fitChunks(chunked(train.texts, labels, 777), { seed: 3, validation });
    expect(b).toEqual(a);
    const sample = test.texts.slice(0, 500);
    expect(Array.from((await streamed.predictProba(sample)).data)).toEqual(Array.from((await whole.predictProba(sample)).data));
  });

  it('trains block by block beyond blockRows: every row once an epoch, reproducible, as accurate', async () => {
    const fit = async () => {
      const clf = new LinearClassifier({ classNames: CLASSES, blockRows: 1000 });
      let reads = 0;
      const source = chunked(train.texts, labels, 700);
      const report = await clf.fitChunks(
        async function* () {
          reads++;
          yield* source();
        },
        { seed: 3 },
      );
      return { clf, report, reads };
    };
    const first = await fit();
    const again = await fit();
    expect(first.report).toMatchObject({ trainRows: train.texts.length, droppedRows: 0, epochs: 3 });
    expect(first.reads).toBe(1 + 3); // the look at the first two blocks, then one read an epoch
    const sample = test.texts.slice(0, 500);
    expect(Array.from((await again.clf.predictProba(sample)).data)).toEqual(Array.from((await first.clf.predictProba(sample)).data));
    const whole = new LinearClassifier({ classNames: CLASSES });
    await whole.fit(train.texts, labels, { seed: 3 });
    const f1 = async (clf: LinearClassifier) => f1Macro(test.labels, probsToPreds(await clf.predictProba(test.texts), 'random'));
    expect(Math.abs((await f1(first.clf)) - (await f1(whole)))).toBeLessThan(0.03);
  });
});
