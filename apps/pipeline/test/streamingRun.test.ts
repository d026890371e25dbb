// A streaming `pipeline run` (files without an id list): its chunked figures equal the whole-matrix ones, and 200k rows pass (issue 23).

import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applyLabelingFunctions, lfAnalysis, labelingFunction, ABSTAIN } from '@skimmer/core';
import type { Store } from '@skimmer/core';
import { SnorkelLabelModel } from '@skimmer/labelmodel';
import { openStore } from '@skimmer/plugins-postgres';
import { createLogger } from '../src/logger.ts';
import { silentProgress } from '../src/progress.ts';
import { parseCliArgs } from '../src/cliArgs.ts';
import { runsPruneCommand } from '../src/commands/runsPrune.ts';
import { pruneLabelOutputs } from '../src/labelRetention.ts';
import { runPipeline } from '../src/runPipeline.ts';

const TEXTS = [
  ['check out my channel please', 1],
  ['subscribe to my channel http://x.y', 1],
  ['great song, love it', 0],
  ['this song is the best', 0],
  ['plz check my video', 1],
  ['nice', 0],
  ['my favourite song ever', 0],
] as const;

const LFS = [
  { type: 'keyword', name: 'keyword_my', keywords: ['my'], match: 'substring', label: 'spam' },
  { type: 'keyword', name: 'keyword_subscribe', keywords: ['subscribe'], match: 'substring', label: 'spam' },
  { type: 'keyword', name: 'keyword_http', keywords: ['http'], match: 'substring', label: 'spam' },
  { type: 'keyword', name: 'keyword_please', keywords: ['please', 'plz'], match: 'substring', label: 'spam' },
  { type: 'keyword', name: 'keyword_song', keywords: ['song'], match: 'substring', label: 'ham' },
];

/** The same keyword rules as plain LFs, for the whole-matrix reference. */
const referenceLFs = LFS.map((lf) =>
  labelingFunction({
    name: lf.name,
    labels: [lf.label === 'spam' ? 1 : 0],
    apply: (p) => (lf.keywords.some((w) => p.text.includes(w)) ? (lf.label === 'spam' ? 1 : 0) : ABSTAIN),
  }),
);

let dir: string;
let store: Store;
let smallRows: Array<{ id: string; text: string; label: number }>;

/** A CSV of n rows cycling over TEXTS (with a varying suffix); every 97th row repeats the previous id; ids start with `prefix`. */
async function writeCsv(file: string, n: number, prefix = 'c'): Promise<Array<{ id: string; text: string; label: number }>> {
  const rows: Array<{ id: string; text: string; label: number }> = [];
  const lines = ['id,text,label'];
  for (let i = 0; i < n; i++) {
    const [text, label] = TEXTS[(i * 7 + Math.floor(i / 5)) % TEXTS.length];
    const id = i % 97 === 96 ? `${prefix}${i - 1}` : `${prefix}${i}`;
    const full = `${text} ${i % 13}`;
    rows.push({ id, text: full, label });
    lines.push(`${id},"${full}",${label}`);
  }
  await writeFile(file, `${lines.join('\n')}\n`);
  return rows;
}

async function writeConfig(file: string, train: string, test: string, chunkRows: number, nEpochs: number): Promise<void> {
  const config = {
    name: 'streaming',
    labels: ['ham', 'spam'],
    seed: 123,
    plugins: ['@skimmer/plugins-regex'],
    data: { train: { path: train }, test: { path: test } },
    lfs: LFS,
    apply: { chunkRows },
    labelModel: { type: 'snorkel', options: { nEpochs, seed: 123 } },
    evaluation: { tieBreakPolicy: 'random' },
  };
  await writeFile(file, JSON.stringify(config));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-streaming-'));
  store = await openStore({ dataDir: 'memory://' });
  smallRows = await writeCsv(path.join(dir, 'small.csv'), 5000);
  // the same rows as the test split, under other ids: splits must not share ids
  await writeCsv(path.join(dir, 'small-test.csv'), 5000, 't');
  await writeConfig(path.join(dir, 'small.yaml'), path.join(dir, 'small.csv'), path.join(dir, 'small-test.csv'), 777, 200);
});

afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

const quiet = () => ({ store, outputDir: path.join(dir, 'runs'), progress: silentProgress, logger: createLogger('silent') });

describe('streaming pipeline run', () => {
  test('chunks of 777 rows give the whole-matrix LF summary, label model, metrics and labels; repeated ids become id~2', async () => {
    const rows = smallRows;
    const { report, runId } = await runPipeline(path.join(dir, 'small.yaml'), quiet());

    const seen = new Map<string, number>();
    const points = rows.map((r) => {
      const n = (seen.get(r.id) ?? 0) + 1;
      seen.set(r.id, n);
      return { id: n > 1 ? `${r.id}~${n}` : r.id, text: r.text };
    });
    const gold = Int32Array.from(rows, (r) => r.label);
    const { L } = applyLabelingFunctions(points, referenceLFs);
    const summary = lfAnalysis(L, referenceLFs).lfSummary(gold);
    expect(report.splits.train).toEqual({ n: 5000, gold: 5000 });
    expect(report.lfSummary.map((r) => [r.name, r.coverage, r.overlaps, r.conflicts, r.empiricalAccuracy])).toEqual(
      summary.map((r) => [r.name, r.coverage, r.overlaps, r.conflicts, r.empiricalAccuracy]),
    );

    const model = new SnorkelLabelModel({ cardinality: 2 });
    model.fit(L, { nEpochs: 200, seed: 123 });
    const expected = model.predictProba(L);
    const stored = await store.labelOutputs.read(runId);
    const byId = new Map(stored.itemIds.map((id, i) => [id, i]));
    expect(stored.itemIds.length).toBe(10_000); // train's 5,000 and test's 5,000
    expect(byId.has('c95~2')).toBe(true);
    const worst = points.reduce((w, p, i) => Math.max(w, Math.abs(stored.probs.data[byId.get(p.id)! * 2 + 1] - expected.data[i * 2 + 1])), 0);
    expect(worst).toBeLessThan(1e-6); // stored as real (float32)
    expect(report.labelModel!.test!.accuracy).toBe(model.score(L, gold, ['accuracy'], 'random').accuracy);
  });

  test('a run replaces the labels of the previous run of the same dataset unless asked to keep them; prune keeps the newest N', async () => {
    const config = path.join(dir, 'small.yaml');
    const first = await runPipeline(config, quiet());
    const second = await runPipeline(config, { ...quiet(), keepLabels: true });
    expect((await store.labelOutputs.read(first.runId)).itemIds.length).toBe(10_000);
    const third = await runPipeline(config, quiet());
    for (const run of [first, second]) expect((await store.labelOutputs.read(run.runId)).itemIds).toEqual([]);
    expect((await store.labelOutputs.read(third.runId)).itemIds.length).toBe(10_000);
    const fourth = await runPipeline(config, { ...quiet(), keepLabels: true });
    const { loadConfig } = await import('../src/config/loadConfig.ts');
    const loaded = await loadConfig(config, createLogger('silent'));
    expect((await pruneLabelOutputs(store, loaded.config, 2)).rows).toBe(0); // the third and fourth keep theirs
    expect((await pruneLabelOutputs(store, loaded.config, 1)).rows).toBe(10_000);
    expect((await store.labelOutputs.read(fourth.runId)).itemIds.length).toBe(10_000);
  });

  test('--keep-labels is a run flag; runs prune wants --keep of at least 1', async () => {
    expect(parseCliArgs(['c.yaml', '--keep-labels']).keepLabels).toBe(true);
    expect(parseCliArgs(['c.yaml']).keepLabels).toBeUndefined();
    await expect(runsPruneCommand(['c.yaml', '--keep', '0'])).rejects.toThrow(/--keep: expected a whole number of runs >= 1, got "0"/);
  });

  test('a label save that fails fails the run with its error, after the other saves in flight settled', async () => {
    let saves = 0;
    let settledSaves = 0;
    const failing: Store = {
      ...store,
      labelOutputs: {
        ...store.labelOutputs,
        async save(runId, outputs) {
          saves++;
          try {
            if (saves === 3) throw new Error('disk full');
            return await store.labelOutputs.save(runId, outputs);
          } finally {
            settledSaves++;
          }
        },
      },
    };
    await expect(runPipeline(path.join(dir, 'small.yaml'), { ...quiet(), store: failing })).rejects.toThrow('disk full');
    expect(settledSaves).toBe(saves);
    const [failed] = await store.runs.list({ limit: 1 });
    expect([failed.status, failed.metrics]).toEqual(['failed', { error: 'disk full' }]);
  });

  test('200,000 rows (above the old ~125k call-stack limit) run and store every label', { timeout: 180_000 }, async () => {
    await writeCsv(path.join(dir, 'big.csv'), 200_000);
    await writeConfig(path.join(dir, 'big.yaml'), path.join(dir, 'big.csv'), path.join(dir, 'small-test.csv'), 50_000, 50);
    // The labels go to the store; what each save call wrote is summed here (reading 200k rows back costs more than the check is worth).
    let saved = 0;
    const counting: Store = {
      ...store,
      labelOutputs: {
        ...store.labelOutputs,
        save: async (runId, outputs) => ((saved += await store.labelOutputs.save(runId, outputs)), outputs.itemIds.length),
      },
    };
    const { report, runId } = await runPipeline(path.join(dir, 'big.yaml'), { ...quiet(), store: counting });
    expect(report.splits.train).toEqual({ n: 200_000, gold: 200_000 });
    expect((await store.runs.get(runId))?.status).toBe('succeeded');
    expect(saved).toBe(205_000); // train, then test's 5,000
  });
});

describe('apply while the store opens', () => {
  test('a run that opens its own store gives the report of a run given an open store', async () => {
    const config = path.join(dir, 'small.yaml');
    const given = await runPipeline(config, quiet());
    const own = await runPipeline(config, { ...quiet(), store: { dataDir: 'memory://' } });
    expect(own.report.lfSummary).toEqual(given.report.lfSummary);
    expect(own.report.labelModels).toEqual(given.report.labelModels);
    expect(own.report.labelDistribution).toEqual(given.report.labelDistribution);
  });

  test('a store that cannot open stops the apply, leaves no run folder and reports the store error', async () => {
    const blocker = path.join(dir, 'a-file');
    await writeFile(blocker, 'not a folder');
    const outputDir = path.join(dir, 'runs-failing-store');
    await expect(
      runPipeline(path.join(dir, 'small.yaml'), { ...quiet(), outputDir, store: { kind: 'pglite', dataDir: path.join(blocker, 'db') } }),
    ).rejects.toThrow();
    expect(await readdir(outputDir).catch(() => [])).toEqual([]);
  });

  test('a --run that names no run stops the apply under way, leaves no run folder and names the run', async () => {
    const outputDir = path.join(dir, 'runs-unknown-run');
    await expect(
      runPipeline(path.join(dir, 'small.yaml'), { ...quiet(), outputDir, stages: ['apply', 'analyze', 'fit'], fromRun: '20990101T000000-dead' }),
    ).rejects.toThrow(/^--run 20990101T000000-dead: no such run in the store; the latest runs are /);
    expect(await readdir(outputDir).catch(() => [])).toEqual([]);
  });

  test('train without a classifier section is refused from the config alone, before the store opens', async () => {
    const blocker = path.join(dir, 'another-file');
    await writeFile(blocker, 'not a folder');
    const outputDir = path.join(dir, 'runs-no-classifier');
    const config = path.join(dir, 'small.yaml');
    await expect(
      runPipeline(config, { ...quiet(), outputDir, stages: ['analyze', 'train'], store: { kind: 'pglite', dataDir: path.join(blocker, 'db') } }),
    ).rejects.toThrow(`${config}: nothing to train: the config has no \`classifier:\` section`);
    expect(await readdir(outputDir).catch(() => [])).toEqual([]);
  });
});
