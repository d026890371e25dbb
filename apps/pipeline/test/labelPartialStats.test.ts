// Specification of distributed labelling's partial statistics and of the store's exactly-once vote batches (PGlite in memory).

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { labelVotesOf, LFSummaryAccumulator, seededRandom } from '@skimmer/core';
import type { LabelMatrix, LabelVoteRepository, LabelVoteRow, Store } from '@skimmer/core';
import { OverlapStats } from '@skimmer/labelmodel';
import { batchStats, MergedStats, type BatchStats } from '../src/distributed/partialStats.ts';
import { openProjectStore } from '../src/runStore.ts';

const LF_NAMES = ['a', 'b', 'c', 'd', 'e'];
const K = 3;

/** n rows of m votes in -1..k-1, abstaining about half the time. */
function randomL(n: number, seed: number): LabelMatrix {
  const rng = seededRandom(seed);
  const data = Int32Array.from({ length: n * LF_NAMES.length }, () => (rng() < 0.5 ? -1 : Math.floor(rng() * K)));
  return { n, m: LF_NAMES.length, data };
}

const rowsOf = (L: LabelMatrix, start: number, end: number): LabelMatrix => ({ n: end - start, m: L.m, data: L.data.subarray(start * L.m, end * L.m) });

describe('partial statistics', () => {
  test('a batch’s co-votes are OverlapStats’ integer counts, non-zero entries only', () => {
    const L = { n: 2, m: 2, data: Int32Array.of(0, -1, 1, 1) };
    expect(batchStats(L, ['a', 'b'], 2).coVotes).toEqual([
      [0, 1],
      [5, 1],
      [7, 1],
      [15, 1],
    ]);
  });

  test('batches of any size, merged in any order, equal the whole label matrix’s statistics exactly', () => {
    const L = randomL(5_003, 7);
    const rng = seededRandom(11);
    const parts: BatchStats[] = [];
    for (let start = 0; start < L.n; ) {
      const end = Math.min(L.n, start + 1 + Math.floor(rng() * 400));
      parts.push(batchStats(rowsOf(L, start, end), LF_NAMES, K));
      start = end;
    }
    parts.reverse();
    const merged = new MergedStats(LF_NAMES, K);
    for (const part of parts) merged.add(JSON.parse(JSON.stringify(part)) as BatchStats);
    const whole = new LFSummaryAccumulator(LF_NAMES).add(L);
    expect(merged.rows).toBe(L.n);
    expect(merged.overlapStats().toMatrix()).toEqual(new OverlapStats(L.m, K).add(L).toMatrix());
    expect(merged.lfSummary()).toEqual(whole.lfSummary(false));
    expect(merged.labelCoverage()).toEqual({ coverage: whole.labelCoverage(), overlap: whole.labelOverlap(), conflict: whole.labelConflict() });
  });
});

describe('label vote batches in the store', () => {
  let store: Store;
  let votes: LabelVoteRepository;
  beforeAll(async () => {
    store = await openProjectStore({ file: 'store', baseDir: process.cwd(), store: { dataDir: 'memory://' } });
    votes = labelVotesOf(store)!;
  });
  afterAll(async () => store?.close());

  const row = (offset: number, itemId: string, ...v: number[]): LabelVoteRow => ({ offset: String(offset), itemId, votes: Int32Array.from(v) });
  const summarize = (kept: readonly LabelVoteRow[]) => ({ ids: kept.map((r) => r.itemId) });

  test('a batch delivered again stores nothing; one that overlaps the stored position keeps only its new rows', async () => {
    const batch = { job: 'j', topic: 't', partition: 0, rows: [row(0, 'x', 1, -1), row(1, 'y', 0, 0)], lastOffset: '1' };
    expect(await votes.saveBatch(batch, summarize)).toEqual({ stored: 2, skipped: 0 });
    expect(await votes.saveBatch(batch, summarize)).toEqual({ stored: 0, skipped: 2 });
    const overlapping = { ...batch, rows: [row(1, 'y', 0, 0), row(2, 'z', -1, 1), row(2, 'w', 1, 1)], lastOffset: '2' };
    expect(await votes.saveBatch(overlapping, summarize)).toEqual({ stored: 2, skipped: 1 });
    expect(await votes.readOffsets('j', 't')).toEqual([{ partition: 0, nextOffset: '3' }]);
    expect((await votes.readStats('j')).map((p) => [p.firstOffset, p.lastOffset, p.rows, p.stats])).toEqual([
      ['0', '1', 2, { ids: ['x', 'y'] }],
      ['2', '2', 2, { ids: ['z', 'w'] }],
    ]);
    const page = await votes.readVotes('j', 0, { limit: 3 });
    expect([page.offsets, page.itemIds, Array.from(page.votes)]).toEqual([
      ['0', '1', '2'],
      ['x', 'y', 'w'],
      [1, -1, 0, 0, 1, 1],
    ]);
    const rest = await votes.readVotes('j', 0, { after: { offset: '2', itemId: 'w' }, limit: 3 });
    expect(rest.itemIds).toEqual(['z']);
  });

  test('the fitted model of a job is stored once and replaced by a later fit', async () => {
    await store.runs.create({ id: 'r1', config: {} });
    await store.runs.create({ id: 'r2', config: {} });
    const cut = [{ partition: 0, nextOffset: '3' }];
    await votes.saveModel({ job: 'm', runId: 'r1', modelType: 'snorkel', model: { w: [1] }, stats: { rows: 1 }, predict: 'fit', cut }, []);
    await votes.saveModel({ job: 'm', runId: 'r2', modelType: 'mv', model: {}, stats: { rows: 2 }, predict: 'workers', cut }, [0]);
    expect(await votes.readModel('m')).toEqual({ job: 'm', runId: 'r2', modelType: 'mv', model: {}, stats: { rows: 2 }, predict: 'workers', cut });
    expect(await votes.partitionStates('m', 'r2')).toEqual([{ partition: 0, before: '3', rows: null }]);
    expect(await votes.readModel('none')).toBeUndefined();
  });
});
