// Specification of the preparation steps one by one: normalisation, deduplication, the naive labeller, splits and config.

import { describe, expect, it } from 'vitest';
import { ConfigError, dedupe, naiveLabeller, normalizeText, parsePrepareConfig, prepareDataset, stratifiedSplits, toPrepareOptions } from '@skimmer/core';

describe('normalizeText', () => {
  it('applies NFKC, turns URLs into a token and collapses whitespace', () => {
    expect(normalizeText('Ｎｅｗ  ﬁne model!\nhttps://t.co/abc and www.x.org/y')).toBe('New fine model! <url> and <url>');
  });

  it('lower-cases only when asked and can keep URLs', () => {
    expect(normalizeText('AI at https://t.co/x', { lowercase: true, urlToken: null })).toBe('ai at https://t.co/x');
  });
});

describe('dedupe', () => {
  const texts = ['AI is here', 'AI is here', 'RT @bob: AI is here', 'RT @bob: something else', 'Other'];

  it('keeps the first of exact duplicates and drops retweets of texts already present', () => {
    const result = dedupe(texts);
    expect(Array.from(result.kept)).toEqual([0, 3, 4]);
    expect(result).toMatchObject({ duplicateIds: 0, exactDuplicates: 1, retweets: 1 });
  });

  it('keeps retweets when retweets: false and duplicates when exact: false', () => {
    expect(Array.from(dedupe(texts, { retweets: false }).kept)).toEqual([0, 2, 3, 4]);
    expect(Array.from(dedupe(texts, { exact: false, retweets: false }).kept)).toEqual([0, 1, 2, 3, 4]);
  });

  it('drops a truncated v1.1 retweet ("…") whose text starts a post already present', () => {
    const result = dedupe(['Flood waters rising on Memorial Drive, stay safe everyone', 'RT @yyc: Flood waters rising on Memorial Drive…', 'RT @yyc: Flood…']);
    expect(Array.from(result.kept)).toEqual([0, 2]);
    expect(result.retweets).toBe(1);
  });

  it('always drops a record whose id comes again later: the last copy of an id stays, as in the store', () => {
    expect(Array.from(dedupe(['a', 'b', 'c'], { exact: false }, ['1', '2', '1']).kept)).toEqual([1, 2]);
  });
});

describe('naiveLabeller', () => {
  const label = naiveLabeller({
    rules: [
      { name: 'ml', label: 1, keywords: ['machine learning', 'AI'] },
      { name: 'weather', label: 0, keywords: ['rain'] },
    ],
    default: null,
  });

  it('matches whole words and phrases, case-insensitively, and reports the rule', () => {
    expect(label('New #AI model for Machine-Learning fans')).toEqual({ label: 1, rule: 'ml' });
    expect(label('Said in Brazil')).toEqual({ label: null, rule: null });
  });

  it('lets the first rule that fires win', () => {
    expect(label('rain and AI')).toEqual({ label: 1, rule: 'ml' });
    expect(label('rain again')).toEqual({ label: 0, rule: 'weather' });
  });

  it('runs pattern rules through the compiler it is given', () => {
    const byPattern = naiveLabeller({ rules: [{ label: 2, pattern: 'gpt-?\\d' }] }, (pattern, flags) => {
      const regex = new RegExp(pattern, flags);
      return (text) => regex.test(text);
    });
    expect(byPattern('GPT4 is out')).toEqual({ label: 2, rule: 'label_2#0' });
  });

  it('refuses a pattern rule without a regex engine, naming the rule', () => {
    expect(() => naiveLabeller({ rules: [{ label: 1, pattern: 'a+' }] })).toThrow('prepare.naive_labeller.rules[0].pattern: pattern rules need a regex engine');
  });
});

describe('stratifiedSplits', () => {
  it('refuses fixed splits larger than the dataset', () => {
    expect(() => stratifiedSplits(new Int32Array(100), { lf: 50, test: 50, val: 10 }, 1)).toThrow(
      'prepare.splits: test + val + lf = 110 items but only 100 remain after deduplication',
    );
  });

  it('takes each stratum in proportion: 60/40 strata give a 10-item test split of 6 and 4', () => {
    const strata = Int32Array.from({ length: 100 }, (_, i) => (i < 60 ? 0 : 1));
    const { test } = stratifiedSplits(strata, { lf: 0, test: 10, val: 0 }, 3);
    expect(Array.from(test).filter((i) => i < 60)).toHaveLength(6);
  });
});

describe('prepare config', () => {
  it('fills the defaults', () => {
    const config = parsePrepareConfig({ input: 'posts.csv' });
    expect(config.splits).toEqual({ lf: 1000, test: 1000, val: 500 });
    expect(toPrepareOptions(config).dedupe).toEqual({ exact: true, retweets: true });
  });

  it('names the path of a wrong value', () => {
    const error = (() => {
      try {
        parsePrepareConfig({ splits: { lf: -1 } });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe('prepare.splits.lf');
  });

  it('prepares a tiny dataset end to end with the options a config gives', () => {
    const records = Array.from({ length: 12 }, (_, i) => ({ id: String(i), text: i % 2 ? `AI post ${i}` : `cat post ${i}` }));
    const options = toPrepareOptions(
      parsePrepareConfig({ seed: 5, naive_labeller: { rules: [{ label: 1, keywords: ['AI'] }], default: 0 }, splits: { lf: 4, test: 2, val: 2 } }),
    );
    const prepared = prepareDataset(records, options);
    expect(prepared.naiveLabelCounts).toEqual({ '0': 6, '1': 6 });
    expect(prepared.splits.test.map((r) => r.naive_label).sort()).toEqual([0, 1]);
    expect(prepared.splits.train).toHaveLength(4);
  });
});
