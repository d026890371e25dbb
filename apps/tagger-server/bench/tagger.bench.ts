// Benchmark (npm run bench:tagger): time from a label key press to the next record on screen (prefetched queue) against a fetch-per-record baseline.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { addRecords, addUser, createProject } from '@skimmer/tagging';
import { startTaggerServer } from '../src/server.ts';
import { openTaggerStore } from '../src/taggerStore.ts';
import { youtubeComments } from '../test/taggerFixtures.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../../test-support/requirements.ts';

const RECORDS = 200;
const DECISIONS = 100;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(ms: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 100) / 100;
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted[sorted.length - 1]!) };
}

const profile = await mkdtemp(path.join(tmpdir(), 'tagger-bench-'));
const store = await openTaggerStore({ dataDir: 'memory://' });
const token = await addUser(store.tagger, 'bench');
const project = await createProject(store.tagger, {
  name: 'bench',
  labels: [
    { label: 'ham', index: 0 },
    { label: 'spam', index: 1 },
  ],
  members: ['bench'],
});
const comments = youtubeComments(350).slice(0, RECORDS);
await addRecords(store.tagger, project.id, comments);
const tagger = await startTaggerServer({ tagger: store.tagger });
const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS], headless: true });
try {
  const page = await context.newPage();
  await page.goto(tagger.url);
  await page.evaluate(async (t) => {
    await fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'bench', token: t }) });
  }, token);
  await page.goto(`${tagger.url}/#/p/${project.id}`);
  await page.waitForFunction(() => document.querySelector('#record-id')?.textContent !== '');

  // Baseline: a client without a queue waits for the tag and a /next round trip before it can show the next record.
  const baseline = await page.evaluate(
    async ({ id, n, ids }) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        const headers = { 'content-type': 'application/json' };
        const tag = { recordId: ids[ids.length - 1 - i], label: 0, timeSpentMs: 0 };
        await fetch(`/api/projects/${id}/tags`, { method: 'POST', headers, body: JSON.stringify(tag) });
        const res = await fetch(`/api/projects/${id}/next`, { method: 'POST', headers, body: JSON.stringify({ limit: 1, exclude: [] }) });
        const { records } = await res.json();
        document.createElement('p').textContent = records[0]?.text ?? '';
        times.push(performance.now() - t0);
      }
      return times;
    },
    { id: project.id, n: DECISIONS / 2, ids: comments.map((c) => c.id) },
  );

  // Page callbacks avoid named inner functions: tsx's keepNames would reference its __name helper inside the browser.
  // The page: press '1', measure until the next record's text is in the DOM (waiting for the idle chain between presses).
  const prefetched: number[] = [];
  for (let i = 0; i < DECISIONS; i++) {
    prefetched.push(
      await page.evaluate(() => {
        const before = document.querySelector('#record-id')!.textContent;
        const t0 = performance.now();
        document.dispatchEvent(new KeyboardEvent('keydown', { key: '1', bubbles: true }));
        if (document.querySelector('#record-id')!.textContent === before) throw new Error('record did not change synchronously');
        return performance.now() - t0;
      }),
    );
    await page.evaluate(() => (window as unknown as { taggerIdle: () => Promise<void> }).taggerIdle());
  }
  const result = {
    bench: 'tagger-next-record',
    records: RECORDS,
    decisions: DECISIONS,
    prefetchedMs: summary(prefetched),
    fetchPerRecordMs: summary(baseline),
  };
  console.log(JSON.stringify(result));
} finally {
  await context.close();
  await tagger.close();
  await store.close();
  await rm(profile, { recursive: true, force: true });
}
