// shuffledPrefix equals the first places of core's seeded shuffle (shuffleInPlace + seededRandom), and `random` batches built on it equal selectForTagging's.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { labelMatrixFromData, seededRandom, selectForTagging, shuffleInPlace, textGroupKeys } from '@skimmer/core';
import type { DataPoint, Store } from '@skimmer/core';
import { memorySplitSource } from '../src/data/splitSources.ts';
import { selectBatch } from '../src/iterate/selectBatch.ts';
import { shuffledPrefix } from '../src/iterate/shuffledPrefix.ts';
import { TrainPool } from '../src/iterate/trainPool.ts';
import { memorySplitRows } from '../src/stages/splitRows.ts';

const shuffled = (n: number, seed: number) =>
  shuffleInPlace(
    Int32Array.from({ length: n }, (_, i) => i),
    seededRandom(seed),
  );

describe('shuffledPrefix', () => {
  test.each([0, 1, 2, 3, 5, 17, 600, 4099])('n = %i: the first places of shuffleInPlace, for seeds and prefix lengths', (n) => {
    for (const seed of [0, 1, 2, 123_001, 2 ** 32 - 1, 4_294_967_296 + 5]) {
      const whole = shuffled(n, seed);
      for (const places of [0, 1, 3, 25, 100, n, n + 10]) expect(Array.from(shuffledPrefix(n, seed, places))).toEqual(Array.from(whole.subarray(0, places)));
    }
  });

  test('a long shuffle: 200,000 candidates, the first 80 places', () => {
    expect(Array.from(shuffledPrefix(200_000, 124_003, 80))).toEqual(Array.from(shuffled(200_000, 124_003).subarray(0, 80)));
  });
});

describe('random batches over texts that repeat a lot', () => {
  test('the first places hold fewer than k groups: more places are read until they do, and the batch is the one selectForTagging picks', async () => {
    const n = 900;
    const k = 2;
    const rng = seededRandom(5);
    // 9 rows in 10 share a handful of texts: the shuffle's first 4·25 places hold far fewer than 25 groups.
    const points: DataPoint[] = Array.from({ length: n }, (_, i) => ({ id: `r${i}`, text: rng() < 0.9 ? `same ${i % 3}` : `text ${i}` }));
    const gold = Int32Array.from({ length: n }, (_, i) => i % 2);
    const probs = new Float64Array(n * k).fill(0.5);
    const store = {
      labelOutputs: {
        async *readBlocks() {
          yield { itemIds: points.map((p) => p.id), probs: { n, k, data: probs }, preds: new Int32Array(n) };
        },
      },
    } as unknown as Store;
    const split = { name: 'train' as const, points, gold };
    const dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-random-'));
    try {
      const pool = TrainPool.open(
        store,
        'base',
        'base',
        memorySplitSource(split),
        memorySplitRows(labelMatrixFromData(new Int32Array(n).fill(-1), n, 1), split, 64),
        k,
        50,
        path.join(dir, 'p.f64'),
      );
      const groupKeys = textGroupKeys(points.map((p) => p.text));
      // selectForTagging's candidates: neither pushed nor in a pushed record's group
      const candidates = Array.from({ length: n }, (_, i) => i).filter((i) => groupKeys[i] !== groupKeys[0] && groupKeys[i] !== groupKeys[1]);
      for (const seed of [1, 2, 3]) {
        const chosen = await selectBatch({
          strategy: 'random',
          k: 25,
          pool,
          modelProbs: async (chunk) => chunk.labelModelProbs,
          pushed: new Set(['r0', 'r1']),
          goldOnly: false,
          dedupe: true,
          seed,
        });
        const expected = selectForTagging('random', { probs: { n, k, data: probs }, candidates, k: 25, groupKeys, seed });
        expect(chosen.map((row) => row.row)).toEqual(expected);
        expect(chosen.length).toBeGreaterThan(10);
      }
      await pool.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
