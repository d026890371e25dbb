// Specification of prepareDataset on 30,000 real CrisisLexT6 tweets: exact split sizes, stratification, disjointness, seeding.

import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { prepareDataset, datasetPath } from '@skimmer/core';
import type { DataRecord, PrepareOptions, PreparedDataset, PreparedRecord } from '@skimmer/core';
import { readDatasetAll } from '@skimmer/plugins-datasets';

const CRISES = ['2012_Sandy_Hurricane', '2013_Alberta_Floods', '2013_Boston_Bombings', '2013_Oklahoma_Tornado'];

/** 7,500 tweets of each crisis (30,000), ids without CrisisLex's quotes. */
async function loadPosts(): Promise<DataRecord[]> {
  const posts: DataRecord[] = [];
  for (const crisis of CRISES) {
    const file = datasetPath('crisislex-t6', `${crisis}-ontopic_offtopic.csv`);
    const records = await readDatasetAll(file, { columns: { id: 'tweet id', text: 'tweet' } });
    for (const record of records.slice(0, 7500)) posts.push({ ...record, id: record.id.replaceAll("'", '') });
  }
  return posts;
}

/** The CrisisLex recall lexicon (379 terms) as the keywords of label 1; everything else gets 0. */
function options(seed: number): PrepareOptions {
  const lexicon = readFileSync(datasetPath('crisislex-t6', 'CrisisLexRec.txt'), 'utf8')
    .split('\n')
    .map((t) => t.trim())
    .filter(Boolean);
  return { seed, naiveLabeller: { rules: [{ name: 'crisislex', label: 1, keywords: lexicon }], default: 0 } };
}

const share = (records: readonly PreparedRecord[], label: number) => records.filter((r) => r.naive_label === label).length / records.length;

describe('prepareDataset on 30,000 CrisisLexT6 tweets', () => {
  let posts: DataRecord[];
  let prepared: PreparedDataset;

  beforeAll(async () => {
    posts = await loadPosts();
    prepared = prepareDataset(posts, options(42));
  });

  it('drops a repeated id, exact duplicates and retweets of tweets already present', () => {
    expect(posts).toHaveLength(30000);
    expect(prepared.removed).toEqual({ duplicateIds: 1, exactDuplicates: 1205, retweets: 42 });
    expect(prepared.all).toHaveLength(28752);
  });

  it('draws test 1000, val 500, LF 1000 and puts the rest in train', () => {
    const { train, lf, test, val } = prepared.splits;
    expect([test.length, val.length, lf.length]).toEqual([1000, 500, 1000]);
    expect(train).toHaveLength(prepared.all.length - 2500);
  });

  it('puts every record in exactly one split', () => {
    const ids = Object.values(prepared.splits).flatMap((split) => split.map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(prepared.all.map((r) => r.id)));
  });

  it('keeps the naive-label mix of the whole dataset in every split to within 2 points', () => {
    const overall = share(prepared.all, 1);
    expect(overall).toBeGreaterThan(0.2);
    for (const split of Object.values(prepared.splits)) expect(Math.abs(share(split, 1) - overall)).toBeLessThanOrEqual(0.02);
  });

  it('keeps the original text and adds the normalised text, the naive label and the rule that fired', () => {
    const labelled = prepared.all.find((r) => r.naive_rule === 'crisislex')!;
    expect(labelled.naive_label).toBe(1);
    const unlabelled = prepared.all.find((r) => r.naive_rule === null)!;
    expect(unlabelled.naive_label).toBe(0);
    const withUrl = prepared.all.find((r) => r.text.includes('http://'))!;
    expect(withUrl.text_normalized).toContain('<url>');
    expect(withUrl.text_normalized).not.toContain('http://');
  });

  it('gives the same splits for the same seed and different splits for another seed', () => {
    const again = prepareDataset(posts, options(42));
    const other = prepareDataset(posts, options(43));
    const ids = (p: PreparedDataset) => p.splits.test.map((r) => r.id);
    expect(ids(again)).toEqual(ids(prepared));
    expect(ids(other)).not.toEqual(ids(prepared));
  });
});
