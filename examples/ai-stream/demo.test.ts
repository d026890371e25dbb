// End-to-end specification of the ai-stream example: `npm run demo`'s chain, smaller (3,000 posts), every command a separate `pipeline` process on the embedded default.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runDemo } from './demo.ts';

const workdir = mkdtempSync(path.join(tmpdir(), 'skimmer-ai-stream-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

test('stream → table → Parquet splits → gold → LFs → label model → classifier → iterate → classify-stream → API → dashboard', async () => {
  const result = await runDemo({ workdir, posts: 3000, splits: [200, 200, 100], iterations: 1, log: () => {} });
  expect(result).toMatchObject({
    ingested: 2700,
    deadLetters: 0,
    prepared: { lf: 200, test: 200, val: 100 },
    served: { classified: 3 },
    streamClassified: 300,
    dashboard: { learningCurvePoints: 1 },
  });
  expect(result.prepared.full).toBe(result.prepared.train + 500);
  expect(result.gold).toBeGreaterThan(290);
  expect(result.served.modelId).toMatch(/^\d{8}T\d{6}-[0-9a-f]{4}$/);
  expect(result.links).toBeGreaterThan(0);
  expect(result.dashboard.lfRows).toBeGreaterThanOrEqual(6);
  expect(result.labelModel.test_f1).toBeGreaterThan(0.8);
  expect(result.classifier.test_f1).toBeGreaterThan(0.5);
}, 300_000);
