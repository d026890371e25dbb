// SplitRowsWriter writes blocks of blockRows rows whatever the pieces it is given, and reads them back unchanged.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { labelMatrixFromData } from '@skimmer/core';
import { SplitRowsWriter } from '../src/stages/splitRows.ts';

describe('SplitRowsWriter', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-splitrows-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('pieces of 3, 3 and 5 rows become blocks of 4, 4 and 3, read back row for row', async () => {
    const m = 2;
    const writer = await SplitRowsWriter.create(dir, 'train', m, 4);
    let row = 0;
    for (const size of [3, 3, 5]) {
      const L = labelMatrixFromData(
        Int32Array.from({ length: size * m }, (_, i) => ((row * m + i) % 3 === 0 ? -1 : row + Math.floor(i / m))),
        size,
        m,
      );
      const ids = Array.from({ length: size }, (_, i) => `id-${row + i}`);
      const gold = Int32Array.from({ length: size }, (_, i) => ((row + i) % 4 === 3 ? -1 : (row + i) % 2));
      await writer.append(L, ids, gold);
      row += size;
    }
    const { entry, rows } = await writer.close();
    expect(entry.blocks).toEqual([4, 4, 3]);
    expect([entry.n, rows.n, rows.goldRows]).toEqual([11, 11, 9]);
    const got = { offsets: [] as number[], L: [] as number[], ids: [] as string[], gold: [] as number[] };
    for await (const chunk of rows.chunks()) {
      got.offsets.push(chunk.rowOffset);
      got.L.push(...chunk.L.data);
      got.ids.push(...chunk.ids);
      got.gold.push(...chunk.gold);
    }
    expect(got.offsets).toEqual([0, 4, 8]);
    expect(got.ids).toEqual(Array.from({ length: 11 }, (_, i) => `id-${i}`));
    expect(got.gold).toEqual(Array.from({ length: 11 }, (_, i) => (i % 4 === 3 ? -1 : i % 2)));
    expect(got.L).toEqual(Array.from({ length: 22 }, (_, c) => (c % 3 === 0 ? -1 : Math.floor(c / m))));
  });
});
