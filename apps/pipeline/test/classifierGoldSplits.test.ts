// Gold splits are checked for gold rows before they are predicted: a split without any is neither predicted nor scored.

import { describe, expect, test } from 'vitest';
import type { Classifier, ProbMatrix } from '@skimmer/core';
import type { SplitName } from '../src/config/pipelineConfigSchema.ts';
import { memorySplitSource, type SplitSource } from '../src/data/splitSources.ts';
import { scoreOnGoldSplits } from '../src/iterate/iterationMetrics.ts';
import { predictGoldSplit } from '../src/stages/classifierData.ts';

/** A classifier that predicts class 1 for texts containing "spam", and counts the texts it was asked about. */
function countingClassifier(): Classifier & { asked: string[] } {
  const asked: string[] = [];
  return {
    type: 'counting',
    classNames: ['ham', 'spam'],
    asked,
    fit: async () => ({ epochs: 0, bestEpoch: 0, trainRows: 0, droppedRows: 0, loss: 0 }),
    predictProba: async (texts): Promise<ProbMatrix> => {
      asked.push(...texts);
      return { n: texts.length, k: 2, data: Float64Array.from(texts.flatMap((t) => (t.includes('spam') ? [0.2, 0.8] : [0.9, 0.1]))) };
    },
    save: async () => {},
  };
}

const split = (name: SplitName, texts: string[], gold?: number[]): SplitSource =>
  memorySplitSource({ name, points: texts.map((text, i) => ({ id: `${name}${i}`, text })), gold: gold && Int32Array.from(gold) });

describe('predictGoldSplit', () => {
  test('predicts a split with a gold row (late in the split), chunk by chunk; a split without any is not predicted', async () => {
    const clf = countingClassifier();
    const scored = await predictGoldSplit(clf, split('test', ['spam a', 'b', 'spam c'], [-1, -1, 1]), 2);
    expect([Array.from(scored!.probs.data), Array.from(scored!.gold), clf.asked]).toEqual([
      [0.2, 0.8, 0.9, 0.1, 0.2, 0.8],
      [-1, -1, 1],
      ['spam a', 'b', 'spam c'],
    ]);
    clf.asked.length = 0;
    expect(await predictGoldSplit(clf, split('dev', ['x', 'y'], [-1, -1]), 1)).toBeUndefined();
    expect(await predictGoldSplit(clf, split('dev', ['x', 'y']), 1)).toBeUndefined();
    expect(clf.asked).toEqual([]);
  });

  test('scoreOnGoldSplits leaves a split without gold out and never predicts it', async () => {
    const clf = countingClassifier();
    const sources = new Map<SplitName, SplitSource>([
      ['train', split('train', ['t'], [0])],
      ['dev', split('dev', ['unlabelled spam'])],
      ['test', split('test', ['spam', 'ham'], [1, 1])],
    ]);
    const metrics = await scoreOnGoldSplits(clf, sources, 'random', 10);
    expect([Object.keys(metrics.splits), metrics.evaluationSplit, metrics.splits.test?.accuracy, clf.asked]).toEqual([['test'], 'test', 0.5, ['spam', 'ham']]);
  });
});
