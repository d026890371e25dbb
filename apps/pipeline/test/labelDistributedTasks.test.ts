// Specification of a distributed fit's labelling tasks in the store (PGlite in memory): a partition is labelled once, with its mark, or not at all.

import { afterAll, beforeAll, expect, test } from 'vitest';
import { labelVotesOf } from '@skimmer/core';
import type { LabelJobModel, LabelVoteRepository, LabelVoteRow, Store } from '@skimmer/core';
import { MajorityLabelVoter } from '@skimmer/labelmodel';
import { labelNextPartition } from '../src/distributed/labelPartitions.ts';
import { openConfiguredStore } from '../src/runStore.ts';

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
  store = await openConfiguredStore({ dataDir: 'memory://' }, process.cwd());
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
