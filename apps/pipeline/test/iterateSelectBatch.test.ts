// The streamed batch selection of `pipeline iterate` equals selectForTagging over the whole pool, chunk sizes and ties included.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { labelMatrixFromData, seededRandom, selectForTagging, textGroupKeys } from '@skimmer/core';
import type { DataPoint, ProbMatrix, SelectionStrategy, Store } from '@skimmer/core';
import { memorySplitSource } from '../src/data/splitSources.ts';
import { selectBatch } from '../src/iterate/selectBatch.ts';
import { TopGroups } from '../src/iterate/topGroups.ts';
import { TrainPool } from '../src/iterate/trainPool.ts';
import { memorySplitRows } from '../src/stages/splitRows.ts';

const n = 600;
const k = 3;
const m = 4;
const rng = seededRandom(11);
const words = ['free', 'money', 'great', 'song', 'check', 'channel', 'love', 'it'];
// Few distinct texts (groups of copies, some differing only in case, links or mentions) and probabilities on a coarse grid (many tied margins).
const points: DataPoint[] = Array.from({ length: n }, (_, i) => {
  const text = `${words[Math.floor(rng() * 8)]} ${words[Math.floor(rng() * 8)]}`;
  const dressed = rng() < 0.3 ? `RT @fan${i}: ${text.toUpperCase()} http://t.co/${i}` : text;
  return { id: `r${i}`, text: dressed };
});
const gold = Int32Array.from({ length: n }, () => (rng() < 0.2 ? -1 : Math.floor(rng() * k)));
const L = labelMatrixFromData(
  Int32Array.from({ length: n * m }, () => (rng() < 0.5 ? -1 : Math.floor(rng() * k))),
  n,
  m,
);
function gridProbs(): ProbMatrix {
  const data = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const w = Array.from({ length: k }, () => 1 + Math.floor(rng() * 4));
    const sum = w.reduce((a, b) => a + b, 0);
    w.forEach((v, c) => {
      data[i * k + c] = v / sum;
    });
  }
  return { n, k, data };
}
const labelModel = gridProbs();
const model = gridProbs();

// Each pool's spill file of label-model probabilities, in a folder removed at the end.
const spillDir = mkdtempSync(path.join(os.tmpdir(), 'skimmer-pool-'));
let spills = 0;
const spillFile = () => path.join(spillDir, `probs.${spills++}.f64`);
afterAll(() => rmSync(spillDir, { recursive: true, force: true }));

/** A store whose only part in use is the label outputs of run "base": one block, in reverse id order (as a store may keep them). */
const store = {
  labelOutputs: {
    async *readBlocks() {
      const order = Array.from({ length: n }, (_, i) => n - 1 - i);
      const data = new Float64Array(n * k);
      order.forEach((row, r) => data.set(labelModel.data.subarray(row * k, (row + 1) * k), r * k));
      yield { itemIds: order.map((row) => points[row].id), probs: { n, k, data }, preds: new Int32Array(n) };
    },
  },
} as unknown as Store;

/** What iterate chose before it streamed: selectForTagging over every row, with textGroupKeys. */
function reference(strategy: SelectionStrategy, pushed: ReadonlySet<number>, goldOnly: boolean, dedupe: boolean, seed: number): string[] {
  const groupKeys = dedupe ? textGroupKeys(points.map((p) => p.text)) : undefined;
  const pushedGroups = new Set<number>();
  if (groupKeys) for (const row of pushed) pushedGroups.add(groupKeys[row]);
  const candidates: number[] = [];
  for (let row = 0; row < n; row++) {
    if (pushed.has(row) || (groupKeys && pushedGroups.has(groupKeys[row]))) continue;
    if (goldOnly && gold[row] < 0) continue;
    candidates.push(row);
  }
  return selectForTagging(strategy, { probs: model, labelModelProbs: labelModel, candidates, k: 25, groupKeys, seed }).map((row) => points[row].id);
}

describe('selectBatch over a streamed pool', () => {
  const cases: Array<[SelectionStrategy, boolean, boolean, number]> = [];
  for (const strategy of ['margin', 'disagreement', 'random'] as const)
    for (const dedupe of [true, false])
      for (const goldOnly of [true, false]) for (const chunkRows of [37, 1000]) cases.push([strategy, dedupe, goldOnly, chunkRows]);

  test.each(cases)(
    '%s, dedupe %s, gold only %s, chunks of %i rows: the rows selectForTagging picks, in its order',
    async (strategy, dedupe, goldOnly, chunkRows) => {
      const split = { name: 'train' as const, points, gold };
      // the run's blocks (50 rows) and the reading chunks differ: rows are re-cut across blocks
      const pool = TrainPool.open(store, 'base', 'base', memorySplitSource(split), memorySplitRows(L, split, 50), k, chunkRows, spillFile());
      const pushedRows = new Set([3, 4, 50, 51, 77, 199, 200, 420]);
      for (const seed of [1, 2]) {
        const chosen = await selectBatch({
          strategy,
          k: 25,
          pool,
          modelProbs: async (chunk) => ({ n: chunk.ids.length, k, data: model.data.slice(chunk.rowOffset * k, (chunk.rowOffset + chunk.ids.length) * k) }),
          pushed: new Set([...pushedRows].map((row) => points[row].id)),
          goldOnly,
          dedupe,
          seed,
        });
        expect(chosen.map((row) => row.id)).toEqual(reference(strategy, pushedRows, goldOnly, dedupe, seed));
        for (const row of chosen) {
          expect(row.text).toBe(points[row.row].text);
          expect(row.gold).toBe(gold[row.row]);
          expect(Array.from(row.votes)).toEqual(Array.from(L.data.subarray(row.row * m, (row.row + 1) * m)));
          expect(row.labelModel).toEqual(Array.from(labelModel.data.subarray(row.row * k, (row.row + 1) * k)));
          expect(row.prediction).toEqual(Array.from(model.data.subarray(row.row * k, (row.row + 1) * k)));
        }
      }
    },
  );

  test('locate finds train records by id, and leaves out the others', async () => {
    const split = { name: 'train' as const, points, gold };
    const pool = TrainPool.open(store, 'base', 'base', memorySplitSource(split), memorySplitRows(L, split, 50), k, 64, spillFile());
    const found = await pool.locate(['r599', 'nope', 'r0']);
    expect([...found]).toEqual([
      ['r599', { row: 599, gold: gold[599] }],
      ['r0', { row: 0, gold: gold[0] }],
    ]);
  });

  test("the run's labels are copied to the spill file by the first pass over the chunks, once; locate needs none", async () => {
    let reads = 0;
    const counting = {
      labelOutputs: {
        async *readBlocks(runId: string) {
          reads++;
          yield* store.labelOutputs.readBlocks(runId);
        },
      },
    } as unknown as Store;
    const split = { name: 'train' as const, points, gold };
    const file = spillFile();
    const pool = TrainPool.open(counting, 'base', 'base', memorySplitSource(split), memorySplitRows(L, split, 50), k, 64, file);
    expect((await pool.locate(['r1'])).get('r1')).toEqual({ row: 1, gold: gold[1] });
    expect([reads, existsSync(file)]).toEqual([0, false]);
    for (let pass = 0; pass < 2; pass++) for await (const _ of pool.chunks());
    expect([reads, existsSync(file)]).toEqual([1, true]);
    await pool.close();
    expect(existsSync(file)).toBe(false);
  });

  test('label-model labels read a stored block at a time (blocks out of order, another split first) equal the whole read', async () => {
    const blocks: Array<{ ids: string[]; rows: number[] }> = [{ ids: ['t1', 't2'], rows: [] }];
    for (let start = 0; start < n; start += 70) {
      const rows = Array.from({ length: Math.min(70, n - start) }, (_, j) => start + j);
      blocks.push({ ids: rows.map((row) => points[row].id), rows });
    }
    [blocks[1], blocks[2]] = [blocks[2], blocks[1]];
    [blocks[5], blocks[7]] = [blocks[7], blocks[5]];
    const blockStore = {
      labelOutputs: {
        read: async () => {
          throw new Error('read whole');
        },
        async *readBlocks() {
          for (const { ids, rows } of blocks) {
            const data = new Float64Array(ids.length * k);
            rows.forEach((row, j) => data.set(labelModel.data.subarray(row * k, (row + 1) * k), j * k));
            if (rows.length === 0) data.fill(0.5);
            yield { itemIds: ids, probs: { n: ids.length, k, data }, preds: new Int32Array(ids.length) };
          }
        },
      },
    } as unknown as Store;
    const split = { name: 'train' as const, points, gold };
    const pool = TrainPool.open(blockStore, 'base', 'base', memorySplitSource(split), memorySplitRows(L, split, 50), k, 64, spillFile());
    const read: number[] = [];
    for await (const chunk of pool.chunks()) for (const p of chunk.labelModelProbs.data) read.push(p);
    expect(read).toEqual(Array.from(labelModel.data));
  });

  test('a pool whose texts are not the run rows is refused, naming the record', async () => {
    const moved = points.map((p, i) => (i === 130 ? { ...p, id: 'other' } : p));
    const pool = TrainPool.open(
      store,
      'base',
      'base',
      memorySplitSource({ name: 'train', points: moved, gold }),
      memorySplitRows(L, { name: 'train', points, gold }, 50),
      k,
      64,
      spillFile(),
    );
    const read = async () => {
      for await (const _ of pool.chunks());
    };
    await expect(read()).rejects.toThrow('train record 130 is "other", but run base labelled "r130" there: the data changed since that run');
  });
});

describe('TopGroups', () => {
  test('keeps the best of each group, up to its capacity, as sorting everything would', () => {
    const items = Array.from({ length: 300 }, () => ({ rank: Math.floor(rng() * 50), group: String(Math.floor(rng() * 40)) }));
    const top = new TopGroups<number, number>(10, (a, b) => a - b);
    items.forEach((item, i) => top.offer(item.rank * 1000 + i, item.group, () => i));
    const seen = new Set<string>();
    const expected = items
      .map((item, i) => ({ ...item, key: item.rank * 1000 + i, i }))
      .sort((a, b) => a.key - b.key)
      .filter((item) => !seen.has(item.group) && seen.add(item.group))
      .slice(0, 10)
      .map((item) => item.i);
    expect(top.items().map((kept) => kept.value)).toEqual(expected);
  });
});
