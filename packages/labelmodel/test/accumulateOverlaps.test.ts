import { describe, expect, it } from 'vitest';
import { LabelModelError } from '@skimmer/core';
import { OverlapStats } from '../src/overlaps.ts';
import { accumulateOverlaps } from '../src/accumulateOverlaps.ts';
import { SnorkelLabelModel } from '../src/snorkel/snorkelLabelModel.ts';
import { generateSimpleLabelMatrix } from '../src/synthetic.ts';

describe('accumulateOverlaps', () => {
  const { L } = generateSimpleLabelMatrix(3000, 10, 3, 1, 11);

  it('counts on three threads exactly what one thread counts', async () => {
    const parallel = await accumulateOverlaps(L, 3, { threads: 3, minRowsPerThread: 1 });
    expect(parallel.n).toBe(3000);
    expect(Array.from(parallel.toMatrix())).toEqual(Array.from(new OverlapStats(10, 3).add(L).toMatrix()));
  });

  it("names the row of a bad vote in a worker's slice by its place in the whole matrix", async () => {
    const bad = { ...L, data: L.data.slice() };
    bad.data[2500 * 10 + 4] = 7;
    await expect(accumulateOverlaps(bad, 3, { threads: 3, minRowsPerThread: 1 })).rejects.toThrow(LabelModelError);
    await expect(accumulateOverlaps(bad, 3, { threads: 3, minRowsPerThread: 1 })).rejects.toThrow(/L\[2500\]\[4\] = 7/);
  });

  it('gives SnorkelLabelModel.fitParallel the same μ as fit', async () => {
    const serial = new SnorkelLabelModel({ cardinality: 3 });
    serial.fit(L, { seed: 5 });
    const parallel = new SnorkelLabelModel({ cardinality: 3 });
    await parallel.fitParallel(L, { seed: 5 }, { threads: 2, minRowsPerThread: 1 });
    expect(Array.from(parallel.predictProba(L).data)).toEqual(Array.from(serial.predictProba(L).data));
  });
});
