// Specification of keywordLF: Unicode-aware whole words, substrings, case, minMatches and negate.

import { describe, expect, test } from 'vitest';
import { ABSTAIN } from '@skimmer/core';
import { keywordLF } from '../src/index.ts';

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
