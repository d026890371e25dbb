// `pipeline iterate` on the YouTube spam example: simulated tagging through the tagger's tables, and the hand-off to people.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, labelMatrixFromData, repoRoot } from '@skimmer/core';
import type { Store } from '@skimmer/core';
import type { SplitName } from '../src/config/pipelineConfigSchema.ts';
import { openStore } from '@skimmer/plugins-postgres';
import { createProject, getProject, readGoldLabels, recordTag } from '@skimmer/tagging';
import { PassThrough } from 'node:stream';
import { main } from '../src/cli.ts';
import { iterateSummaryLines } from '../src/commands/iterate.ts';
import { loadConfig } from '../src/config/loadConfig.ts';
import { loadRunData } from '../src/data/loadRunData.ts';
import { parseIterateArgs } from '../src/iterate/iterateArgs.ts';
import { iterateSettings } from '../src/iterate/iterateConfigSchema.ts';
import { listIterations } from '../src/iterate/iterationStore.ts';
import { streamedLfGoldSummary } from '../src/iterate/lfGoldSummary.ts';
import { runIterate, type IterateResult } from '../src/iterate/runIterate.ts';
import { createLogger } from '../src/logger.ts';
import { silentProgress } from '../src/progress.ts';
import { runPipeline } from '../src/runPipeline.ts';
import { memorySplitRows, type SplitRows } from '../src/stages/splitRows.ts';

const example = path.join(repoRoot, 'examples/youtube-spam');
const logger = createLogger('silent');
let dir: string;
let configFile: string;
let store: Store;
let trainGold: Map<string, number>;

/** examples/youtube-spam/config.yaml with absolute paths, the linear classifier and an `iterate:` section. */
async function writeConfigCopy(): Promise<string> {
  const text = (await readFile(path.join(example, 'config.yaml'), 'utf8'))
    .replaceAll('../../datasets/', `${path.resolve(example, '../../datasets')}/`)
    .replace('./shortComment.ts', path.join(example, 'shortComment.ts'))
    .replaceAll('ids: split/', `ids: ${path.join(example, 'split')}/`)
    .replace('plugins:\n', "plugins:\n  - '@skimmer/plugins-linear'\n");
  const file = path.join(dir, 'config.yaml');
  await writeFile(file, `${text}\nclassifier: { type: linear }\niterate: { k: 20, strategy: margin, project: youtube-simulated }\n`);
  return file;
}

async function tagCount(projectId: string): Promise<number> {
  const { rows } = await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM tagger_tags WHERE project_id = $1', [projectId]);
  return rows[0].n;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-iterate-'));
  configFile = await writeConfigCopy();
  store = await openStore({ dataDir: 'memory://' });
  await runPipeline(configFile, { store, progress: silentProgress, logger });
  const loaded = await loadConfig(configFile, logger);
  const train = (await loadRunData(loaded.config, loaded.baseDir, store)).get('train')!;
  trainGold = new Map(train.points.map((p, i) => [p.id, train.gold![i]]));
}, 60_000);

afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('pipeline iterate --simulate --k 20 --iterations 3', () => {
  let result: IterateResult;
  beforeAll(async () => {
    result = await runIterate(configFile, { store, logger, overrides: { simulate: true, k: 20, iterations: 3 } });
  }, 60_000);

  test('records three trained iterations with gold sets of exactly 20, 40 and 60', async () => {
    const iterations = await listIterations(store.iterations, 'youtube-simulated');
    expect(iterations.map((it) => [it.iteration, it.goldSize, it.selectedIds.length, it.strategy])).toEqual([
      [1, 20, 20, 'margin'],
      [2, 40, 20, 'margin'],
      [3, 60, 20, 'margin'],
    ]);
    expect(result.trained.map((it) => it.iteration)).toEqual([1, 2, 3]);
    expect(result.pushed.map((it) => it.iteration)).toEqual([1, 2, 3]);
    expect(result.waiting).toBeNull();
  });

  test('no record is selected twice across iterations', async () => {
    const ids = (await listIterations(store.iterations, 'youtube-simulated')).flatMap((it) => it.selectedIds);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    expect(ids.every((id) => trainGold.has(id))).toBe(true);
  });

  test("the tagger project holds 60 tags by the simulated annotator, equal to the train split's gold labels", async () => {
    expect(await tagCount('youtube-simulated')).toBe(60);
    const gold = await readGoldLabels(store.tagger, 'youtube-simulated');
    expect(gold).toHaveLength(60);
    expect(new Set(gold.map((g) => g.annotator))).toEqual(new Set(['simulated-annotator']));
    expect(gold.every((g) => g.label === trainGold.get(g.itemId))).toBe(true);
  });

  test('every iteration has macro F1, accuracy and ECE on the test and valid gold splits', async () => {
    for (const it of await listIterations(store.iterations, 'youtube-simulated')) {
      expect(it.metrics?.evaluationSplit).toBe('test');
      expect(Object.keys(it.metrics!.splits).sort()).toEqual(['test', 'valid']);
      const test = it.metrics!.splits.test!;
      expect(test.n).toBe(250);
      expect(test.macroF1).toBeGreaterThan(0.5);
      expect(test.macroF1).toBeLessThanOrEqual(1);
      expect(test.accuracy).toBeGreaterThan(0.5);
      expect(test.ece).toBeGreaterThanOrEqual(0);
      expect(test.ece).toBeLessThan(0.5);
      expect(it.classifierDir).toBe(path.join(dir, 'runs', 'iterate', 'youtube-simulated', String(it.iteration), 'classifier'));
    }
  });

  test('the report holds the learning curve from iteration 0 and the LF summary on the valid gold; the summary ends with it', async () => {
    expect(result.reportPath).toBe(path.join(dir, 'runs', 'iterate', 'youtube-simulated', 'report.json'));
    const report = JSON.parse(await readFile(result.reportPath, 'utf8'));
    // iteration 0: the run's classifier, trained on label-model labels alone
    expect(report.learningCurve.map((row: { iteration: number; goldSize: number; split: string }) => [row.iteration, row.goldSize, row.split])).toEqual([
      [0, 0, 'test'],
      [1, 20, 'test'],
      [2, 40, 'test'],
      [3, 60, 'test'],
    ]);
    expect(report.learningCurve.every((row: { macroF1: number }) => row.macroF1 > 0.5)).toBe(true);
    expect(report.lfSummary.devSplit).toBe('valid');
    expect(report.lfSummary.lfs.map((lf: { name: string }) => lf.name)).toEqual([
      'keyword_my',
      'keyword_subscribe',
      'keyword_http',
      'keyword_please',
      'keyword_song',
      'regex_check_out',
      'keyword_praise',
      'short_comment',
    ]);
    const my = report.lfSummary.lfs[0];
    expect(my.dev).toEqual({ votes: 17, accuracy: 16 / 17 });
    const taggedVotes = report.lfSummary.lfs.reduce((sum: number, lf: { tagged: { votes: number } }) => sum + lf.tagged.votes, 0);
    expect(taggedVotes).toBeGreaterThan(0);
    const html = await readFile(result.htmlPath, 'utf8');
    expect(html).toContain('aria-label="youtube-spam: learning curve on the test gold (margin)"');
    // One point per row of report.json's curve, macro F1 and accuracy, each with its exact figure.
    for (const row of report.learningCurve as { iteration: number; goldSize: number; macroF1: number; accuracy: number }[]) {
      expect(html).toContain(`<title>macro F1, iteration ${row.iteration}, ${row.goldSize} gold labels: ${row.macroF1.toFixed(4)}</title>`);
      expect(html).toContain(`<title>accuracy, iteration ${row.iteration}, ${row.goldSize} gold labels: ${row.accuracy.toFixed(4)}</title>`);
    }
    expect(html).not.toContain('<script');
    const lines = iterateSummaryLines(result);
    expect(lines[0]).toMatch(
      /^iteration 1: pushed 20 records \(margin\), tagged by the simulated annotator, trained on 20 gold labels · test macro F1 0\.\d{4}, accuracy 0\.\d{4}, ECE 0\.\d{4}$/,
    );
    expect(lines).toContain('  iteration  gold  macro F1  accuracy  ECE');
  });
});

describe('pipeline iterate with people tagging in the tagger', () => {
  const project = 'youtube-people';
  const iterate = () => runIterate(configFile, { store, logger, overrides: { project, k: 20, strategy: 'disagreement' } });

  test('pushes the batch with hints and trains nothing until tags arrive; tags then make the next iterate record iteration 1 and push batch 2', async () => {
    const first = await iterate();
    expect(first.trained).toEqual([]);
    expect(first.pushed.map((it) => [it.iteration, it.selectedIds.length])).toEqual([[1, 20]]);
    expect(first.waiting).toEqual({ iteration: 1, records: 20, tagged: 0 });
    const batch1 = first.pushed[0].selectedIds;
    const { rows } = await store.sql.query<{
      id: string;
      split: string;
      hints: { lfVotes: Record<string, number>; labelModel: Record<string, number> };
      prediction: number[];
    }>('SELECT id, split, hints, prediction FROM tagger_records WHERE project_id = $1 ORDER BY position', [project]);
    expect(rows.map((r) => r.id)).toEqual(batch1);
    expect(rows.every((r) => r.split === 'train' && r.prediction.length === 2 && Object.keys(r.hints.labelModel).join() === 'ham,spam')).toBe(true);

    const second = await iterate();
    expect(second.trained).toEqual([]);
    expect(second.pushed).toEqual([]);
    expect(second.waiting).toEqual({ iteration: 1, records: 20, tagged: 0 });
    expect(iterateSummaryLines(second)[0]).toBe(
      'iteration 1: no new tags since the last iteration; 20 records wait in tagger project youtube-people (0 tagged): tag them in the tagger, then run `pipeline iterate` again',
    );
    expect((await listIterations(store.iterations, project)).map((it) => it.goldSize)).toEqual([null]);

    const tagger = (await getProject(store.tagger, project))!;
    for (const id of batch1) await recordTag(store.tagger, tagger, 'alice', { recordId: id, label: trainGold.get(id)! });
    const third = await iterate();
    expect(third.trained.map((it) => [it.iteration, it.goldSize])).toEqual([[1, 20]]);
    expect(third.trained[0].metrics?.splits.test?.macroF1).toBeGreaterThan(0.5);
    expect(third.pushed.map((it) => it.iteration)).toEqual([2]);
    expect(third.waiting).toEqual({ iteration: 2, records: 20, tagged: 0 });
    const iterations = await listIterations(store.iterations, project);
    expect(iterations.map((it) => it.goldSize)).toEqual([20, null]);
    expect(iterations[1].selectedIds.filter((id) => batch1.includes(id))).toEqual([]);
    expect(await tagCount(project)).toBe(20);
  }, 60_000);
});

describe('iterate refuses what it cannot do', () => {
  test('a config without a classifier is a config error naming the key', async () => {
    await expect(runIterate(path.join(example, 'config.yaml'), { store, logger })).rejects.toThrow(
      /config\.yaml: classifier: iterate retrains a classifier on the gold labels; add a `classifier:` section/,
    );
  });

  test('an existing tagger project with other labels is not reused', async () => {
    await createProject(store.tagger, {
      id: 'other-labels',
      name: 'other',
      labels: [
        { label: 'spam', index: 0 },
        { label: 'ham', index: 1 },
      ],
    });
    await expect(runIterate(configFile, { store, logger, overrides: { project: 'other-labels' } })).rejects.toThrow(
      'tagger project other-labels has labels [0=spam, 1=ham], the config [0=ham, 1=spam]: choose another iterate.project',
    );
  });
});

describe('iterate flags and settings', () => {
  test('flags override the iterate section; the rest goes to the common parser', () => {
    expect(parseIterateArgs(['c.yaml', '--k', '20', '--strategy=random', '--iterations', '3', '--simulate', '--run', 'r1']).overrides).toEqual({
      k: 20,
      strategy: 'random',
      iterations: 3,
      simulate: true,
    });
    expect(parseIterateArgs(['c.yaml', '--run', 'r1']).common).toMatchObject({ positional: ['c.yaml'], fromRun: 'r1' });
    expect(() => parseIterateArgs(['c.yaml', '--strategy', 'entropy'])).toThrow(
      '--strategy: unknown strategy "entropy" (expected margin, disagreement, random)',
    );
    expect(() => parseIterateArgs(['c.yaml', '--k', '0'])).toThrow('--k: expected a positive integer, got "0"');
    expect(() => parseIterateArgs(['c.yaml', '--kk', '3'])).toThrow(ConfigError);
  });

  test('`pipeline iterate` is routed; a missing config or a bad flag is a one-line usage error with exit code 2', async () => {
    const err = new PassThrough();
    let text = '';
    err.on('data', (chunk) => {
      text += String(chunk);
    });
    expect(await main(['iterate'], err)).toBe(2);
    expect(await main(['iterate', configFile, '--strategy', 'entropy'], err)).toBe(2);
    expect(text.split('\n')).toEqual([
      "pipeline: missing required argument 'config.yaml'",
      'pipeline: --strategy: unknown strategy "entropy" (expected margin, disagreement, random)',
      '',
    ]);
  });

  test('defaults, and a bad key named with its YAML path', () => {
    expect(iterateSettings(undefined, {}, 'youtube-spam')).toEqual({
      k: 50,
      strategy: 'margin',
      project: 'youtube-spam-active-learning',
      members: [],
      annotator: 'tagger',
      iterations: 1,
      maxIterations: null,
      targetMacroF1: null,
      trainOn: 'labelModel+gold',
      goldWeight: 1,
      dedupe: true,
      lfAccuracyWarning: 0.7,
    });
    expect(iterateSettings({ annotator: 'tagger' }, { simulate: true }, 'x').annotator).toBe('simulated');
    expect(() => iterateSettings({ k: 0 }, {}, 'x', 'config.yaml')).toThrow(/^config\.yaml: iterate\.k: /);
    expect(() => iterateSettings({ strategy: 'entropy' }, {}, 'x', 'config.yaml')).toThrow(/^config\.yaml: iterate\.strategy: /);
  });
});

describe('streamedLfGoldSummary', () => {
  test('flags an LF below the threshold on dev gold or on the tagged rows, only with at least 5 votes there', async () => {
    // LF a votes 1 on every row; LF b votes 0 on train rows 0-2 only. Chunks of 4 rows: the summary adds them up.
    const train = labelMatrixFromData(Int32Array.from([1, 0, 1, 0, 1, 0, 1, -1, 1, -1, 1, -1]), 6, 2);
    const dev = labelMatrixFromData(Int32Array.from([1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1]), 6, 2);
    const points = (split: string) => Array.from({ length: 6 }, (_, i) => ({ id: `${split}${i}`, text: '' }));
    const splits = new Map<SplitName, SplitRows>([
      ['train', memorySplitRows(train, { name: 'train', points: points('t') }, 4)],
      ['dev', memorySplitRows(dev, { name: 'dev', points: points('d'), gold: Int32Array.from([1, 1, 1, 1, 0, 0]) }, 4)],
    ]);
    const tagged = new Map([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    const summary = await streamedLfGoldSummary(['a', 'b'], splits, tagged, 0.7);
    expect(summary).toEqual({
      devSplit: 'dev',
      threshold: 0.7,
      lfs: [
        { name: 'a', coverage: 1, dev: { votes: 6, accuracy: 4 / 6 }, tagged: { votes: 3, accuracy: 1 }, fix: true },
        { name: 'b', coverage: 0.5, dev: { votes: 0, accuracy: null }, tagged: { votes: 3, accuracy: 0 }, fix: false },
      ],
    });
  });
});
