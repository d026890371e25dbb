// Specification of `pipeline prepare`: SSP Parquet files from a CSV, and from the store's raw_posts with the splits recorded.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { datasetPath } from '@skimmer/core';
import type { Post } from '@skimmer/core';
import { readDatasetAll } from '@skimmer/plugins-datasets';
import { openStore } from '@skimmer/plugins-postgres';
import { main } from '../../apps/pipeline/src/cli.ts';
import { runCli } from '../../apps/pipeline/src/cliProcess.ts';
import { runPrepare, SSP_FILES } from '../../apps/pipeline/src/commands/prepare.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'skimmer-prepare-'));
const alberta = datasetPath('crisislex-t6', '2013_Alberta_Floods-ontopic_offtopic.csv');
const floodRules = { default: 0, rules: [{ name: 'flood_words', label: 1, keywords: ['flood', 'flooding', 'floods', 'yycflood', 'abflood'] }] };

function writeConfig(name: string, config: unknown): string {
  const file = path.join(scratch, name);
  writeFileSync(file, stringify(config));
  return file;
}

describe('pipeline prepare', () => {
  it('writes the five SSP Parquet files from a CSV file, with exact split sizes', async () => {
    const outputDir = path.join(scratch, 'from-file');
    const config = writeConfig('file.yaml', {
      prepare: { input: alberta, columns: { id: 'tweet id', text: 'tweet' }, output_dir: outputDir, seed: 7, naive_labeller: floodRules },
    });
    const summary = await runPrepare(config);
    expect(readdirSync(outputDir).sort()).toEqual(Object.values(SSP_FILES).sort());
    expect(summary.rows).toEqual({ all: summary.rows.train + 2500, train: summary.rows.all - 2500, lf: 1000, test: 1000, val: 500 });
    expect(summary.storedAs).toBeNull();
    const test = await readDatasetAll(path.join(outputDir, SSP_FILES.test));
    expect(test).toHaveLength(1000);
    expect(test.every((r) => (r.label === 'on-topic' || r.label === 'off-topic') && (r.naive_label === 0 || r.naive_label === 1))).toBe(true);
    expect(test.filter((r) => r.naive_label === 1).every((r) => r.naive_rule === 'flood_words')).toBe(true);
  });

  it('reads raw_posts from the store, keeps created_at / source / expanded_url, and records the splits in dataset_items', async () => {
    const dataDir = path.join(scratch, 'pglite');
    const tweets = (await readDatasetAll(alberta, { columns: { id: 'tweet id', text: 'tweet' } })).slice(0, 2000);
    const posts: Post[] = tweets.map((t, i) => ({
      id: t.id.replaceAll("'", ''),
      createdAt: new Date(Date.UTC(2013, 5, 20, 0, 0, i)).toISOString(),
      text: t.text,
      source: 'replay:alberta.csv',
      expandedUrls: i % 10 === 0 ? [`https://example.org/${i}`] : [],
      mediaUrls: [],
      payload: {},
    }));
    const seeding = await openStore({ kind: 'pglite', dataDir });
    await seeding.posts.ingestBatch({ posts });
    await seeding.close();

    const outputDir = path.join(scratch, 'from-store');
    const config = writeConfig('store.yaml', {
      store: { kind: 'pglite', dataDir },
      prepare: { output_dir: outputDir, dataset: 'alberta', seed: 1, naive_labeller: floodRules, splits: { lf: 300, test: 300, val: 200 } },
    });
    const summary = await runPrepare(config);
    expect(summary.storedAs).toBe('alberta');
    expect([summary.rows.lf, summary.rows.test, summary.rows.val]).toEqual([300, 300, 200]);

    const lf = await readDatasetAll(path.join(outputDir, SSP_FILES.lf));
    expect(lf[0]).toMatchObject({ source: 'replay:alberta.csv' });
    expect(typeof lf[0].created_at).toBe('string');
    const all = await readDatasetAll(path.join(outputDir, SSP_FILES.all));
    expect(all.filter((r) => r.expanded_url !== undefined).length).toBeGreaterThan(0);

    const store = await openStore({ kind: 'pglite', dataDir });
    try {
      expect((await store.datasets.readSplit('alberta', 'dev')).map((i) => i.itemId).sort()).toEqual(lf.map((r) => r.id).sort());
      expect(await store.datasets.readSplit('alberta', 'test')).toHaveLength(300);
    } finally {
      await store.close();
    }
  });

  it('exits 2 with the config path when the splits do not fit the data', async () => {
    const config = writeConfig('too-big.yaml', {
      prepare: { input: alberta, columns: { id: 'tweet id', text: 'tweet' }, output_dir: path.join(scratch, 'none'), splits: { lf: 20000 } },
    });
    let errors = '';
    const err = { write: (text: string) => ((errors += text), true) } as unknown as NodeJS.WritableStream;
    expect(await main(['prepare', config], err)).toBe(2);
    // the file and the line of `splits` are named, as every config error does
    expect(errors.trimEnd()).toMatch(
      new RegExp(
        `^pipeline: ${config.replace(/[.*+]/g, '\\$&')}: prepare\\.splits: test \\+ val \\+ lf = 21500 items but only \\d+ remain after deduplication \\(line 8\\)$`,
      ),
    );
  });

  it("the shipped config.yaml: `pipeline ingest` replays its files from datasets/, then `pipeline prepare` writes the seed's five files from the store", async () => {
    // The shipped ingest and prepare sections as they are; only the store and the output go to a scratch folder.
    const shipped = parse(readFileSync(path.join(import.meta.dirname, 'config.yaml'), 'utf8'));
    shipped.ingest.source.files = shipped.ingest.source.files.map((file: string) => path.resolve(import.meta.dirname, file));
    const outputDir = path.join(scratch, 'shipped-out');
    const config = writeConfig('shipped.yaml', {
      ...shipped,
      store: { kind: 'pglite', dataDir: path.join(scratch, 'shipped-db') },
      prepare: { ...shipped.prepare, output_dir: outputDir },
    });
    const ingest = await runCli(['ingest', config, '--log-level', 'warn'], { timeoutMs: 150_000 });
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(JSON.parse(ingest.stdout.trim().split('\n').at(-1)!)).toEqual({
      ingest: { produced: 4774, consumed: 4774, insertedPosts: 4649, insertedUrls: 2147, deadLetters: 25, posts: 4649 },
    });
    const prepare = await runCli(['prepare', config, '--log-level', 'warn'], { timeoutMs: 150_000 });
    expect(prepare.code, prepare.stderr).toBe(0);
    const summary = JSON.parse(prepare.stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({
      input: 'store:pglite:raw_posts',
      rows: { all: 3000, train: 500, lf: 1000, test: 1000, val: 500 },
      removed: { duplicateIds: 0, exactDuplicates: 1604, retweets: 45 },
      storedAs: 'ssp',
    });
    expect(readdirSync(outputDir).sort()).toEqual(Object.values(SSP_FILES).sort());
    expect(await readDatasetAll(path.join(outputDir, SSP_FILES.test))).toHaveLength(1000);
  }, 300_000);
});
