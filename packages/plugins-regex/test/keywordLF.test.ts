// Specification of keywordLF: Unicode-aware whole words, substrings, case, minMatches and negate.

import { describe, expect, test } from 'vitest';
import { ABSTAIN, applyLabelingFunctions, type DataPoint } from '@skimmer/core';
import { KeywordTexts, keywordLF, NormalisedBatch } from '../src/index.ts';

const ON_TOPIC = 1;
const point = (text: string) => ({ id: 'p1', text });
const ai = keywordLF({ name: 'keyword_ai', keywords: ['ai'], label: ON_TOPIC });

describe('keywordLF', () => {
  test('finds a whole word, ignoring case by default', () => {
    expect(ai.apply(point('AI is eating the world'))).toBe(ON_TOPIC);
    expect(ai.apply(point('new #ai model'))).toBe(ON_TOPIC);
  });

  test('does not find a word inside a longer word', () => {
    expect(ai.apply(point('she said so'))).toBe(ABSTAIN);
    expect(ai.apply(point('ai_bot posted'))).toBe(ABSTAIN);
  });

  test('"aí" is not the word "ai" (accented letters are word characters)', () => {
    expect(ai.apply(point('e aí, tudo bem?'))).toBe(ABSTAIN);
  });

  test('"aí" written as "ai" + combining acute accent is not the word "ai" either', () => {
    expect(ai.apply(point('e ai\u0301, tudo bem?'))).toBe(ABSTAIN);
  });

  test('a keyword in another script respects word boundaries', () => {
    const lf = keywordLF({ name: 'kw', keywords: ['данные'], label: ON_TOPIC });
    expect(lf.apply(point('большие данные.'))).toBe(ON_TOPIC);
    expect(lf.apply(point('данныех'))).toBe(ABSTAIN);
  });

  test('a keyword that ends in punctuation is found before a full stop', () => {
    expect(keywordLF({ name: 'cpp', keywords: ['c++'], label: ON_TOPIC }).apply(point('I like c++.'))).toBe(ON_TOPIC);
  });

  test('matches accented keywords whatever the Unicode normal form of the text', () => {
    expect(keywordLF({ name: 'kw', keywords: ['café'], label: ON_TOPIC }).apply(point('le cafe\u0301 noir'))).toBe(ON_TOPIC);
  });

  test('match: substring finds the keyword inside words (Snorkel tutorial behaviour)', () => {
    expect(keywordLF({ name: 'kw', keywords: ['my'], label: 1, match: 'substring' }).apply(point('Mystery'))).toBe(1);
  });

  test('wholeWord: false means substring matching', () => {
    expect(keywordLF({ name: 'kw', keywords: ['my'], label: 1, wholeWord: false }).apply(point('Mystery'))).toBe(1);
  });

  test('caseSensitive: true keeps case', () => {
    const lf = keywordLF({ name: 'kw', keywords: ['AI'], label: 1, caseSensitive: true });
    expect(lf.apply(point('Ai'))).toBe(ABSTAIN);
    expect(lf.apply(point('AI'))).toBe(1);
  });

  test('minMatches adds the occurrences of all keywords', () => {
    const lf = keywordLF({ name: 'kw', keywords: ['ml', 'ai'], label: 1, minMatches: 3 });
    expect(lf.apply(point('AI and ML and more AI'))).toBe(1);
    expect(lf.apply(point('AI and ML'))).toBe(ABSTAIN);
  });

  test('negate votes when no keyword occurs', () => {
    const lf = keywordLF({ name: 'kw', keywords: ['ai'], label: 0, negate: true });
    expect(lf.apply(point('football scores'))).toBe(0);
    expect(lf.apply(point('AI scores'))).toBe(ABSTAIN);
  });

  test('on a batch: the votes of apply, and ABSTAIN where the field is missing or not text, negated or not', () => {
    const points = [point('football scores'), point('AI scores'), { id: 'p2' }, { id: 'p3', title: 'AI' }, { id: 'p4', title: ['ai', 'ml'] }] as DataPoint[];
    const votes = (options: { negate?: boolean; field?: string }) =>
      Array.from(keywordLF({ name: 'kw', keywords: ['ai'], label: 0, ...options }).applyBatch(points));
    expect(votes({ negate: true })).toEqual([0, ABSTAIN, ABSTAIN, ABSTAIN, ABSTAIN]);
    expect(votes({})).toEqual([ABSTAIN, 0, ABSTAIN, ABSTAIN, ABSTAIN]);
    expect(votes({ field: 'title' })).toEqual([ABSTAIN, ABSTAIN, ABSTAIN, 0, 0]);
  });

  test('an empty keyword is a ConfigError naming its index', () => {
    expect(() => keywordLF({ name: 'kw', keywords: ['ai', ' '], label: 1 })).toThrow(
      'keywords[1]: labeling function "kw": keywords must be a non-empty list of non-empty strings',
    );
  });

  test('wholeWord and match that contradict each other are a ConfigError', () => {
    expect(() => keywordLF({ name: 'kw', keywords: ['ai'], label: 1, wholeWord: true, match: 'substring' })).toThrow(
      'wholeWord: labeling function "kw": wholeWord: true contradicts match: \'substring\' (give one of them)',
    );
  });
});

describe('keywordLF: LFs sharing KeywordTexts normalise a batch once between them', () => {
  /** The tutorial's rule, by hand: lower-cased NFC text; whole words checked with the Unicode word characters. */
  const reference = (text: string, keyword: string, word: boolean): boolean => {
    const t = text.normalize('NFC').toLowerCase();
    for (let at = t.indexOf(keyword); at >= 0; at = t.indexOf(keyword, at + 1)) {
      if (!word) return true;
      const before = [...t.slice(0, at)].pop() ?? '';
      const after = [...t.slice(at + keyword.length)][0] ?? '';
      if (!/[\p{L}\p{N}\p{M}\p{Pc}]/u.test(before) && !/[\p{L}\p{N}\p{M}\p{Pc}]/u.test(after)) return true;
    }
    return false;
  };
  const pieces = ['My', 'song', 'Ahí', 'ai', 'e\u0301', 'café', 'SUBSCRIBE', 'ai_bot', ' ', '!', 'plz', 'ÄI', 'x'];
  let seed = 7;
  const random = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const texts = Array.from({ length: 3000 }, (_, i) =>
    i % 11 === 0 ? 'my song' : Array.from({ length: 1 + Math.floor(random() * 8) }, () => pieces[Math.floor(random() * pieces.length)]).join(''),
  );
  const shared = new KeywordTexts();
  const lfs = [
    keywordLF({ name: 'my', keywords: ['my'], match: 'substring', label: 1 }, shared),
    keywordLF({ name: 'ai', keywords: ['ai'], label: 1 }, shared),
    keywordLF({ name: 'cafe', keywords: ['café', 'song'], label: 0 }, shared),
    keywordLF({ name: 'sub', keywords: ['subscribe', 'plz'], match: 'substring', label: 1 }, shared),
  ];
  const want = (j: number, text: string) => {
    const keywords = [['my'], ['ai'], ['café', 'song'], ['subscribe', 'plz']][j];
    const word = j === 1 || j === 2;
    return keywords.some((k) => reference(text, k, word)) ? lfs[j].labels![0] : ABSTAIN;
  };

  test('LF after LF over batches (with repeated texts), point by point, and in a shuffled order: the votes of the rule', () => {
    const points = texts.map(point);
    const { L } = applyLabelingFunctions(points, lfs);
    for (let j = 0; j < lfs.length; j++) expect(Array.from(texts, (_, i) => L.data[i * lfs.length + j])).toEqual(texts.map((t) => want(j, t)));
    const orders = [
      // point by point, through apply and one-point batches
      texts.flatMap((_, i) => lfs.map((_, j) => [j, i, i + 1])),
      // LFs over overlapping ranges in an odd order
      [
        [3, 0, 2000],
        [0, 500, 3000],
        [1, 0, 3000],
        [2, 2999, 3000],
        [2, 0, 2999],
        [3, 2000, 3000],
        [0, 0, 500],
      ],
    ];
    for (const order of orders) {
      const byPoint = lfs.map(() => new Array<number>(texts.length));
      const byBatch = lfs.map(() => new Array<number>(texts.length));
      for (const [j, from, to] of order) {
        for (let i = from; i < to; i++) byPoint[j][i] = lfs[j].apply(points[i]);
        lfs[j].applyBatch(points.slice(from, to)).forEach((vote, b) => {
          byBatch[j][from + b] = vote;
        });
      }
      for (let j = 0; j < lfs.length; j++) expect([byPoint[j], byBatch[j]]).toEqual([texts.map((t) => want(j, t)), texts.map((t) => want(j, t))]);
    }
  });

  test('a batch reuses the forms of the same texts at the same positions, and no others', () => {
    const batch = new NormalisedBatch(false);
    const first = batch.of(['Café', undefined, 'ÄI']);
    expect(first).toEqual(['café', undefined, 'äi']);
    expect(batch.of(['Café', undefined, 'ÄI'])).toBe(first);
    expect(batch.of(['ÄI', 'Café', undefined])).toEqual(['äi', 'café', undefined]);
    expect(batch.of(['ÄI', 'MY'])).toEqual(['äi', 'my']);
    expect(new NormalisedBatch(true).of(['Cafe\u0301'])).toEqual(['Café']);
  });

  test('LFs share a batch by field and case setting', () => {
    const texts = new KeywordTexts();
    expect(texts.batch('text', false)).toBe(texts.batch('text', false));
    expect(new Set([texts.batch('text', false), texts.batch('text', true), texts.batch('title', false)]).size).toBe(3);
  });
});
