// spillStoredTrainProbs: a run's stored label blocks copied in train order, and the errors that name what is missing.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { labelMatrixFromData } from '@skimmer/core';
import type { LabelOutputs, Store } from '@skimmer/core';
import { spillStoredTrainProbs } from '../src/stages/classifierTrainProbs.ts';
import { memorySplitRows } from '../src/stages/splitRows.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'skimmer-train-probs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const points = ['a', 'b', 'c', 'd'].map((id) => ({ id, text: id }));
const train = memorySplitRows(labelMatrixFromData(new Int32Array(4).fill(-1), 4, 1), { name: 'train', points }, 3);

function block(ids: string[], k = 2): Required<LabelOutputs> {
  const data = Float64Array.from(ids.flatMap((id) => Array.from({ length: k }, (_, c) => id.charCodeAt(0) + c / 10)));
  return { itemIds: ids, probs: { n: ids.length, k, data }, preds: new Int32Array(ids.length) };
}

/** A store holding run "r"'s labels as `blocks`. */
function storeOf(...blocks: Array<Required<LabelOutputs>>): Store {
  return {
    labelOutputs: {
      async *readBlocks() {
        yield* blocks;
      },
    },
  } as unknown as Store;
}

describe('spillStoredTrainProbs', () => {
  test("writes each train row's stored label in train order, whatever the blocks' order", async () => {
    const file = path.join(dir, 'ok.f64');
    const probs = await spillStoredTrainProbs(storeOf(block(['c', 'x']), block(['b', 'a']), block(['d'])), 'r', train, 2, file);
    const read: number[] = [];
    for await (const chunk of probs.join(train.chunks())) read.push(...chunk.labelModelProbs.data);
    expect([probs.n, read]).toEqual([4, [97, 97.1, 98, 98.1, 99, 99.1, 100, 100.1]]);
  });

  test('a run without labels, a train record without one and labels of another class count are errors; no file is left', async () => {
    const file = path.join(dir, 'bad.f64');
    await expect(spillStoredTrainProbs(storeOf(), 'r', train, 2, file)).rejects.toThrow('run r has no stored labels (pruned by a later run');
    await expect(spillStoredTrainProbs(storeOf(block(['a', 'b', 'c'])), 'r', train, 2, file)).rejects.toThrow(
      'run r has no label-model label for train record "d": the data changed since that run',
    );
    await expect(spillStoredTrainProbs(storeOf(block(['a', 'b', 'c', 'd'], 3)), 'r', train, 2, file)).rejects.toThrow(
      'run r stored labels of 3 classes, the config has 2',
    );
    expect(existsSync(file)).toBe(false);
  });
});
