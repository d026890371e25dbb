// Specification of a distributed fit's labelling tasks in the store (PGlite in memory): a partition is labelled once, with its mark, or not at all;
// a worker waits for them reading only the job's status, with a growing wait, and stops claiming (or stops) once they are labelled.

import { afterAll, beforeAll, expect, test } from 'vitest';
import { labelVotesOf } from '@skimmer/core';
import type { LabelJobStatus, LabelJobModel, LabelVoteRepository, LabelVoteRow, OffsetPosition, Store } from '@skimmer/core';
import { MajorityLabelVoter } from '@skimmer/labelmodel';
import { labelNextPartition } from '../src/distributed/labelPartitions.ts';
import { labelFitPartitions, memberDone } from '../src/distributed/workerLabelling.ts';
import { openProjectStore } from '../src/runStore.ts';

let store: Store;
let votes: LabelVoteRepository;

const row = (offset: number, itemId: string, ...v: number[]): LabelVoteRow => ({ offset: String(offset), itemId, votes: Int32Array.from(v) });
const summarize = (kept: readonly LabelVoteRow[]) => ({ rows: kept.length });

/** Job `job` with 3 rows on partition 0 and 2 on partition 1 stored, a fit's run and model whose cut leaves out partition 0's last row. */
async function fitted(job: string, runId: string): Promise<LabelJobModel> {
  const topic = `${job}-topic`;
  await votes.saveBatch({ job, topic, partition: 0, rows: [row(0, 'a', 0, 0, -1), row(1, 'b', 1, -1, 1)], lastOffset: '1' }, summarize);
  await votes.saveBatch({ job, topic, partition: 0, rows: [row(2, 'c', 0, 1, -1)], lastOffset: '2' }, summarize);
  await votes.saveBatch({ job, topic, partition: 1, rows: [row(0, 'd', -1, -1, 1), row(1, 'e', 0, -1, -1)], lastOffset: '1' }, summarize);
  await store.runs.create({ id: runId, config: {} });
  const model: LabelJobModel = {
    job,
    runId,
    modelType: 'mv',
    model: new MajorityLabelVoter({ cardinality: 2 }).toJSON(),
    stats: {},
    predict: 'workers',
    cut: [
      { partition: 0, nextOffset: '2' },
      { partition: 1, nextOffset: '2' },
    ],
  };
  await votes.saveModel(model, [0, 1]);
  return model;
}

beforeAll(async () => {
  store = await openProjectStore({ file: 'store', baseDir: process.cwd(), store: { dataDir: 'memory://' } });
  votes = labelVotesOf(store)!;
});
afterAll(async () => store?.close());

test('each partition is labelled once, up to the cut, with its mark; then none is left to claim', async () => {
  const model = await fitted('once', 'r-once');
  const voter = new MajorityLabelVoter({ cardinality: 2 });
  expect(await labelNextPartition(votes, model, voter, 3, { rows: 1 })).toEqual({ partition: 0, rows: 2 });
  expect(await labelNextPartition(votes, model, voter, 3)).toEqual({ partition: 1, rows: 2 });
  expect(await labelNextPartition(votes, model, voter, 3)).toBeUndefined();
  expect(await votes.partitionStates('once', 'r-once')).toEqual([
    { partition: 0, before: '2', rows: 2 },
    { partition: 1, before: '2', rows: 2 },
  ]);
  const labels = await store.labelOutputs.read('r-once');
  expect([labels.itemIds, Array.from(labels.probs.data)]).toEqual([
    ['a', 'b', 'd', 'e'],
    [1, 0, 0, 1, 0, 1, 1, 0],
  ]);
});

test('a labelling that fails or is stopped mid-partition stores nothing and leaves the partition to claim again', async () => {
  const model = await fitted('rollback', 'r-rollback');
  await expect(
    votes.labelNextPartition('rollback', 'r-rollback', async (_task, work) => {
      await work.saveLabels({ itemIds: ['a'], probs: { n: 1, k: 2, data: Float64Array.of(1, 0) } });
      throw new Error('member died');
    }),
  ).rejects.toThrow('member died');
  const stopped = new AbortController();
  stopped.abort();
  expect(await labelNextPartition(votes, model, new MajorityLabelVoter({ cardinality: 2 }), 3, { signal: stopped.signal })).toBeUndefined();
  expect((await votes.partitionStates('rollback', 'r-rollback')).map((p) => p.rows)).toEqual([null, null]);
  expect((await store.labelOutputs.read('r-rollback')).itemIds).toEqual([]);
  // A failed fit drops the tasks nobody labelled: no process claims them any more.
  await votes.dropPendingPartitions('rollback', 'r-rollback');
  expect(await votes.partitionStates('rollback', 'r-rollback')).toEqual([]);
  expect(await labelNextPartition(votes, model, new MajorityLabelVoter({ cardinality: 2 }), 3)).toBeUndefined();
});

/** `repo` with every call counted by method name. */
function counting(repo: LabelVoteRepository): { votes: LabelVoteRepository; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const entries = Object.entries(repo).map(([name, method]: [string, (...args: unknown[]) => unknown]) => [
    name,
    (...args: unknown[]) => {
      calls[name] = (calls[name] ?? 0) + 1;
      return method.apply(repo, args);
    },
  ]);
  return { votes: Object.fromEntries(entries) as LabelVoteRepository, calls };
}

test('a worker reads only the job status while no fit is stored (waits 200 ms doubling to 2 s), reads the model once, claims each task once and no more', async () => {
  const { votes: counted, calls } = counting(votes);
  const waits: number[] = [];
  const stop = new AbortController();
  const labelled: [string, number, number][] = [];
  await labelFitPartitions({
    votes: counted,
    job: 'waits',
    m: 3,
    signal: stop.signal,
    onLabelled: (runId, { partition, rows }) => labelled.push([runId, partition, rows]),
    wait: async (ms) => {
      waits.push(ms);
      // The fit stores its model during the 6th wait; the worker is stopped at the 12th.
      if (waits.length === 6) await fitted('waits', 'r-waits');
      if (waits.length === 12) stop.abort();
    },
  });
  expect(waits).toEqual([200, 400, 800, 1600, 2000, 2000, 200, 400, 800, 1600, 2000, 2000]);
  expect(labelled).toEqual([
    ['r-waits', 0, 2],
    ['r-waits', 1, 2],
  ]);
  // 6 looks before the fit, 2 that claimed, 1 that found every task labelled and 5 more: never a claim after the last task.
  expect(calls).toEqual({ readStatus: 14, readModel: 1, labelNextPartition: 2 });
});

test('a member with --until-labelled stops as soon as no task of a fit covering the end is open, without waiting', async () => {
  await fitted('done', 'r-done');
  const { votes: counted, calls } = counting(votes);
  const end: OffsetPosition[] = [
    { partition: 0, nextOffset: '2' },
    { partition: 1, nextOffset: '2' },
  ];
  const member = { bus: { endOffsets: async () => end }, votes: counted, topic: 'done-topic', job: 'done' };
  const waits: number[] = [];
  await labelFitPartitions({
    votes: counted,
    job: 'done',
    m: 3,
    signal: new AbortController().signal,
    done: (status) => memberDone(member, true, status),
    wait: async (ms) => {
      waits.push(ms);
    },
  });
  expect(waits).toEqual([]);
  expect(calls).toEqual({ readStatus: 3, readModel: 1, labelNextPartition: 2, readOffsets: 1 });
  expect((await votes.partitionStates('done', 'r-done')).map((p) => p.rows)).toEqual([2, 2]);
});

test('whether a member is done: the status first, the bus only when the status allows', async () => {
  let endReads = 0;
  let end: OffsetPosition[] = [{ partition: 0, nextOffset: '3' }];
  const member = {
    bus: { endOffsets: async () => (endReads++, end) },
    votes: { readOffsets: async () => [{ partition: 0, nextOffset: '3' }] },
    topic: 't',
    job: 'j',
  };
  const status = (predict: LabelJobStatus['predict'], open: number, cutAt: string): LabelJobStatus => ({
    runId: 'r',
    predict,
    cut: [{ partition: 0, nextOffset: cutAt }],
    open,
  });
  const cases = [
    [true, undefined],
    [true, status('workers', 1, '3')],
    [false, status('workers', 1, '3')],
    [false, status('both', 2, '3')],
  ] as const;
  for (const [untilLabelled, s] of cases) expect(await memberDone(member, untilLabelled, s)).toBe(false);
  expect(endReads).toBe(0);
  // Stored up to the end: done, unless --until-labelled and the fit's cut is short of the end.
  expect(await memberDone(member, true, status('workers', 0, '3'))).toBe(true);
  expect(await memberDone(member, true, status('workers', 0, '2'))).toBe(false);
  expect(await memberDone(member, false, undefined)).toBe(true);
  expect(await memberDone(member, false, status('fit', 2, '2'))).toBe(true);
  expect(await memberDone(member, false, status('workers', 0, '2'))).toBe(true);
  // The topic grew past the stored positions: nobody is done.
  end = [{ partition: 0, nextOffset: '4' }];
  expect(await memberDone(member, false, undefined)).toBe(false);
  expect(await memberDone(member, true, status('workers', 0, '4'))).toBe(false);
  expect(endReads).toBe(7);
});
