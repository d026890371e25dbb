// `pipeline run`'s classifier stage and `pipeline iterate` read the splits chunk by chunk: the chunk size changes nothing, and a classifier trained block by block still learns.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '@skimmer/core';
import type { Store } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import { runIterate, type IterateResult } from '../src/iterate/runIterate.ts';
import { createLogger } from '../src/logger.ts';
import { silentProgress } from '../src/progress.ts';
import { runPipeline, type PipelineRunResult } from '../src/runPipeline.ts';

const example = path.join(repoRoot, 'examples/youtube-spam');
const logger = createLogger('silent');
let dir: string;

/** The example's config with absolute paths, the linear classifier (its `options`), `iterate:` and the extra `sections`. */
async function writeConfig(name: string, classifierOptions: string, sections: string): Promise<string> {
  const text = (await readFile(path.join(example, 'config.yaml'), 'utf8'))
    .replaceAll('../../datasets/', `${path.resolve(example, '../../datasets')}/`)
    .replace('./shortComment.ts', path.join(example, 'shortComment.ts'))
    .replaceAll('ids: split/', `ids: ${path.join(example, 'split')}/`)
    .replace('plugins:\n', "plugins:\n  - '@skimmer/plugins-linear'\n");
  const file = path.join(dir, name, 'config.yaml');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(
    file,
    `${text}\nclassifier: { type: linear, options: ${classifierOptions} }\niterate: { k: 20, strategy: disagreement, project: p }\n${sections}`,
  );
  return file;
}

/** `pipeline run` then two simulated iterations, on a store of its own. */
async function runAndIterate(configFile: string): Promise<{ run: PipelineRunResult; iterate: IterateResult }> {
  const store: Store = await openStore({ dataDir: 'memory://' });
  try {
    const run = await runPipeline(configFile, { store, progress: silentProgress, logger });
    const iterate = await runIterate(configFile, { store, logger, overrides: { simulate: true, iterations: 2 } });
    return { run, iterate };
  } finally {
    await store.close();
  }
}

const comparable = (result: { run: PipelineRunResult; iterate: IterateResult }) => ({
  classifier: { fit: result.run.report.classifier?.fit, metrics: result.run.report.classifier?.metrics },
  selected: result.iterate.report.iterations.map((it) => it.selectedIds),
  metrics: result.iterate.report.iterations.map((it) => it.metrics),
  baseline: result.iterate.report.baseline,
  lfSummary: result.iterate.report.lfSummary,
});

let whole: Awaited<ReturnType<typeof runAndIterate>>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-iterate-streamed-'));
  whole = await runAndIterate(await writeConfig('whole', '{}', ''));
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('chunk by chunk', () => {
  test('chunks of 97 rows: the same classifier, batches, iteration metrics and LF summary as one chunk', async () => {
    const chunked = await runAndIterate(await writeConfig('chunked', '{}', 'apply: { chunkRows: 97 }\n'));
    expect(comparable(chunked)).toEqual(comparable(whole));
    expect(whole.iterate.trained.map((it) => it.goldSize)).toEqual([20, 40]);
  }, 60_000);

  test('a classifier trained in blocks of 400 rows sees every covered row once an epoch, and learns as well', async () => {
    const blocks = await runAndIterate(await writeConfig('blocks', '{ blockRows: 400 }', 'apply: { chunkRows: 300 }\n'));
    const fit = blocks.run.report.classifier!.fit;
    expect(fit.trainRows).toBe(whole.run.report.classifier!.fit.trainRows);
    expect(fit.trainRows).toBeGreaterThan(1000);
    const accuracy = (result: { run: PipelineRunResult }) => result.run.report.classifier!.metrics.test!.accuracy;
    expect(Math.abs(accuracy(blocks) - accuracy(whole))).toBeLessThan(0.05);
    expect(blocks.iterate.trained.map((it) => it.goldSize)).toEqual([20, 40]);
    expect(blocks.iterate.report.learningCurve.every((row) => (row.macroF1 ?? 0) > 0.7)).toBe(true);
  }, 60_000);
});
