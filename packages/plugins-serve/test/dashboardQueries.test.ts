// Specification of the dashboard's reads of what the pipeline stores: a run's LF table and curve, iterate's learning curve, shortened links left out of the domains.

import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Store } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import { numericMetrics, readDashboardSummary, readLearningCurve } from '../src/dashboardQueries.ts';

let store: Store;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
});
afterAll(async () => store?.close());

test("a run's metrics as pipeline run stores them: the LF table, and the curve the runs chart plots", async () => {
  await store.runs.create({ id: 'run-a', config: {} });
  await store.runs.finish('run-a', {
    status: 'succeeded',
    metrics: {
      labelModel: { name: 'snorkel', test: { f1: 0.87, accuracy: 0.88 } },
      classifier: { test: { f1: 0.91, accuracy: 0.92 } },
      lfSummary: [{ name: 'ai_terms', polarity: [1], coverage: 0.05, overlaps: 0.04, conflicts: 0, empiricalAccuracy: 0.97 }],
      curve: { 'labelModel.test.f1': 0.87, 'classifier.test.f1': 0.91 },
    },
  });
  const summary = await readDashboardSummary(store.dashboard, 1);
  expect(summary.lfTable).toEqual({
    runId: 'run-a',
    rows: [{ name: 'ai_terms', polarity: [1], coverage: 0.05, overlaps: 0.04, conflicts: 0, empiricalAccuracy: 0.97 }],
  });
  expect(summary.runs.map((r) => r.metrics)).toEqual([{ 'labelModel.test.f1': 0.87, 'classifier.test.f1': 0.91 }]);
  expect(numericMetrics({ test: { macroF1: 0.7 }, n: 3 })).toEqual({ 'test.macroF1': 0.7, n: 3 });
});

test('the learning curve is empty before iterate ran, then the trained iterations of the project trained last', async () => {
  expect(await readLearningCurve(store.dashboard)).toEqual([]);
  await store.sql.query(`CREATE TABLE pipeline_iterations (project_id text, iteration integer, gold_size integer, metrics jsonb, trained_at timestamptz)`);
  await store.sql.query(
    `INSERT INTO pipeline_iterations VALUES
     ('old', 1, 20, '{"evaluationSplit":"test","splits":{"test":{"macroF1":0.5,"accuracy":0.6}}}', '2026-01-01T00:00:00Z'),
     ('p', 1, 50, '{"evaluationSplit":"test","splits":{"test":{"macroF1":0.92,"accuracy":0.922}}}', '2026-01-02T00:00:00Z'),
     ('p', 2, 100, '{"evaluationSplit":"test","splits":{"test":{"macroF1":0.93,"accuracy":0.932}}}', '2026-01-03T00:00:00Z'),
     ('p', 3, NULL, NULL, NULL)`,
  );
  expect(await readLearningCurve(store.dashboard)).toEqual([
    { project: 'p', iteration: 1, goldSize: 50, split: 'test', macroF1: 0.92, accuracy: 0.922 },
    { project: 'p', iteration: 2, goldSize: 100, split: 'test', macroF1: 0.93, accuracy: 0.932 },
  ]);
});

test('links known only by a shortener are counted apart and left out of the domains and URLs', async () => {
  const post = (id: string, urls: string[]) => ({
    id,
    createdAt: '2024-05-06T00:00:00.000Z',
    text: `post ${id}`,
    source: 'test',
    expandedUrls: urls,
    mediaUrls: [],
  });
  await store.predictions.saveBatch({
    posts: [post('1', ['https://t.co/abc', 'https://arxiv.org/abs/1']), post('2', ['https://bit.ly/x']), post('3', ['https://arxiv.org/abs/2'])] as never,
    predictions: ['1', '2', '3'].map((postId) => ({ postId, modelId: 'm', label: 1, probability: 0.9 })),
  });
  const summary = await readDashboardSummary(store.dashboard, 1);
  expect(summary.topDomains).toEqual([{ domain: 'arxiv.org', count: 2 }]);
  expect(summary.topUrls.map((u) => u.url)).toEqual(['https://arxiv.org/abs/1', 'https://arxiv.org/abs/2']);
  expect(summary.shortenedOnly).toBe(2);
});
