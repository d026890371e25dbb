// `pipeline export --run` of a run whose labels a later run replaced: the message names the run that holds them now and how to keep them.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { DataError, repoRoot } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import { exportRun } from '../src/commands/export.ts';
import { createLogger } from '../src/logger.ts';
import { silentProgress } from '../src/progress.ts';
import { runPipeline } from '../src/runPipeline.ts';

const config = path.join(repoRoot, 'examples/youtube-spam/config.yaml');
const outputDir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-export-pruned-'));
const store = await openStore({ dataDir: 'memory://' });

afterAll(async () => {
  await store.close();
  await rm(outputDir, { recursive: true, force: true });
});

test('the older run of two names the run whose labels replaced its own', async () => {
  const label = () => runPipeline(config, { store, outputDir, stages: ['apply', 'analyze', 'fit'], progress: silentProgress, logger: createLogger('silent') });
  const older = await label();
  const newer = await label();
  const exported = exportRun(config, { what: 'labels', out: path.join(outputDir, 'labels.csv'), run: older.runId, split: 'train', text: false, store });
  await expect(exported).rejects.toThrow(DataError);
  await expect(exported).rejects.toThrow(
    `run ${older.runId}'s labels were pruned: replaced by run ${newer.runId}'s; a run keeps older runs' labels with labelOutputs.keepRuns in config.yaml or --keep-labels`,
  );
  // the newer run still exports
  const summary = await exportRun(config, { what: 'labels', out: path.join(outputDir, 'labels.csv'), run: newer.runId, split: 'train', text: false, store });
  expect([summary.run, summary.rows]).toEqual([newer.runId, 1586]);
  // a stored run whose config is null (labels kept) is passed over, not a TypeError ("unexpected error")
  const bare = await store.runs.create({ config: null });
  await store.runs.finish(bare.id, { status: 'succeeded', artifacts: { labelOutputs: 'elsewhere' } });
  await expect(
    exportRun(config, { what: 'labels', out: path.join(outputDir, 'labels.csv'), run: older.runId, split: 'train', text: false, store }),
  ).rejects.toThrow(`run ${older.runId}'s labels were pruned: replaced by run ${newer.runId}'s;`);
}, 180_000);
