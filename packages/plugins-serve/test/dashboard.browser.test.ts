// The dashboard in Chromium: log in with the key, every chart has data, the tables and the feed are filled, tweet text stays text, no CSP violation.

import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { InProcessBus, runClassifyStream, runIngest, datasetPath, type Store } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import { replaySource } from '@skimmer/plugins-replay';
import { ModelSlot, SERVING_FACTORIES, createServeApp, loadModel, registerDashboardRoutes } from '../src/index.ts';
import { trainAndSaveModel } from './trainedModel.ts';
import { twitterPostDecoders } from '@skimmer/plugins-twitter';
import { CHROMIUM, CHROMIUM_ARGS } from '../../../test-support/requirements.ts';

const KEY = 'dashboard-key-0123456789';
// Raw v1.1 sample-stream tweets and v2 pages with links (both MIT, datasets/).
const FILES = [
  datasetPath('ai-tweets', 'rtweet-fixtures-v1.1-search/stream-20210221173118.json'),
  datasetPath('twitter-v2-twarc-csv', 'brexit.jsonl'),
  datasetPath('twitter-v2-twarc-csv', 'many_urls.jsonl'),
];
const HOSTILE = '<img src=x onerror="document.body.dataset.pwned=1"> flood warning <b>now</b>';

/** Two finished runs, as train would record them: metrics per iteration and the LF table of the last one. */
async function recordRuns(store: Store): Promise<void> {
  const lfSummary = [
    { j: 0, name: 'kw_flood', polarity: [1], coverage: 0.12, overlaps: 0.05, conflicts: 0.01, empiricalAccuracy: 0.91 },
    { j: 1, name: 'kw_storm', polarity: [1], coverage: 0.08, overlaps: 0.04, conflicts: 0.02, empiricalAccuracy: 0.84 },
  ];
  for (const [i, f1] of [0.71, 0.78].entries()) {
    const run = await store.runs.create({ id: `run-${i + 1}`, config: { iteration: i + 1 } });
    await store.runs.finish(run.id, { status: 'succeeded', metrics: { test: { macroF1: f1, accuracy: f1 + 0.05 }, ...(i === 1 ? { lfSummary } : {}) } });
  }
}

describe('the dashboard', () => {
  let store: Store;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const cspErrors: string[] = [];

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    ({ dir } = await trainAndSaveModel());
    const load = () => loadModel({ dir }, { factories: SERVING_FACTORIES });
    const model = await load();
    const bus = new InProcessBus();
    await runIngest({ decoders: twitterPostDecoders, source: replaySource({ files: FILES }), bus, posts: store.posts });
    await runClassifyStream({
      decoders: twitterPostDecoders,
      bus,
      predictions: store.predictions,
      readOffsets: (g, t) => store.posts.readOffsets(g, t),
      model: () => model,
      relevant: 1,
      untilCaughtUp: true,
    });
    const hostile = { id: 'hostile-1', createdAt: '2021-07-06T23:59:00.000Z', text: HOSTILE, source: 'test', expandedUrls: [], mediaUrls: [] };
    await store.predictions.saveBatch({ posts: [hostile as never], predictions: [{ postId: 'hostile-1', modelId: model.id, label: 1, probability: 0.99 }] });
    // The replayed tweets share only t.co links; one post whose source gave the expanded URL fills the domains.
    const expanded = {
      id: 'expanded-1',
      createdAt: '2021-07-06T23:58:00.000Z',
      text: 'new paper on sparse attention',
      source: 'test',
      expandedUrls: ['https://arxiv.org/abs/2101.00001'],
      mediaUrls: [],
    };
    await store.predictions.saveBatch({ posts: [expanded as never], predictions: [{ postId: 'expanded-1', modelId: model.id, label: 1, probability: 0.97 }] });
    await recordRuns(store);
    app = await createServeApp({
      slot: new ModelSlot(model),
      loadModel: load,
      apiKeys: [KEY],
      extraRoutes: (server) => registerDashboardRoutes(server, { dashboard: store.dashboard, relevantLabel: () => 1 }),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) cspErrors.push(msg.text());
    });
    await page.goto(`http://127.0.0.1:${(app.server.address() as { port: number }).port}/dashboard`);
    await page.fill('#key', KEY);
    await page.click('#login button[type=submit]');
    await page.waitForSelector('body[data-ready="true"]');
    if (process.env.SKIMMER_DASHBOARD_SCREENSHOT) await page.screenshot({ path: process.env.SKIMMER_DASHBOARD_SCREENSHOT, fullPage: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('draws every chart with data', async () => {
    const charts = await page.$$eval('canvas[data-chart]', (canvases) =>
      canvases.map((canvas) => {
        const chart = (
          window as unknown as { Chart: { getChart(c: HTMLCanvasElement): { data: { labels: unknown[]; datasets: Array<{ data: unknown[] }> } } } }
        ).Chart.getChart(canvas as HTMLCanvasElement);
        return { name: (canvas as HTMLElement).dataset.chart, points: chart.data.datasets.reduce((n, d) => n + d.data.filter((v) => v !== null).length, 0) };
      }),
    );
    expect(charts.map((c) => c.name)).toEqual(['posts', 'share', 'domains', 'runs']);
    for (const chart of charts) expect(chart.points, chart.name).toBeGreaterThan(0);
  });

  it('fills the top URLs and the LF table of the latest run', async () => {
    expect(await page.locator('#urls tbody tr').allTextContents()).toEqual(['https://arxiv.org/abs/2101.000011']);
    expect(await page.textContent('#domains-note')).toMatch(
      /^\d+ link\(s\) are known only as shortened links \(t\.co, bit\.ly, …\): the source gave no expanded URL, so they are left out$/,
    );
    expect(await page.locator('#lfs tbody tr').allTextContents()).toEqual(['kw_flood12.0%5.0%1.0%91.0%', 'kw_storm8.0%4.0%2.0%84.0%']);
    expect(await page.textContent('#lf-run')).toBe('(run run-2)');
  });

  it('shows tweet text in the live feed as text, never as HTML', async () => {
    const feed = await page.locator('#feed li').allTextContents();
    expect(feed.some((item) => item.startsWith(HOSTILE))).toBe(true);
    expect(await page.locator('#feed img, #feed b').count()).toBe(0);
    expect(await page.evaluate(() => document.body.dataset.pwned)).toBeUndefined();
  });

  it('runs under its strict Content-Security-Policy without violations', () => {
    expect(cspErrors).toEqual([]);
  });

  it('refuses the data routes without the key', async () => {
    const res = await app.inject({ url: '/v1/dashboard/summary' });
    expect(res.statusCode).toBe(401);
  });
});
