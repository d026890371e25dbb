// Specification: the Snorkel spam tutorial's keyword and regex LFs, declared with this plugin, reproduce the tutorial's coverages on its 1586-row train set.

import { describe, expect, test } from 'vitest';
import { ABSTAIN, type LabelingFunction } from '@skimmer/core';
import { readWrenchSplit } from '../../../test-support/wrench.ts';
import { keywordLF, regexLF } from '../src/index.ts';

const SPAM = 1;
const train = readWrenchSplit('wrench-youtube', 'legacy-nhbess/train');

/** make_keyword_lf(keywords=[...]): `any(word in x.text.lower() for word in keywords)`. */
const tutorialKeyword = (name: string, keywords: string[]): LabelingFunction => keywordLF({ name, keywords, label: SPAM, match: 'substring' });

function coverage(lf: LabelingFunction): number {
  const votes = lf.applyBatch(train.points);
  return Number((votes.filter((v) => v !== ABSTAIN).length / votes.length).toFixed(4));
}

describe('Snorkel spam tutorial LFs on the legacy youtube train split (1586 rows)', () => {
  test('the split has 1586 rows', () => {
    expect(train.points.length).toBe(1586);
  });

  test.each([
    ['keyword_my', ['my'], 0.1986],
    ['keyword_subscribe', ['subscribe'], 0.1274],
    ['keyword_http', ['http'], 0.1192],
    ['keyword_please', ['please', 'plz'], 0.1122],
    ['keyword_song', ['song'], 0.1419],
  ])('%s (substring match on lower-cased text) covers %s', (name, keywords, expected) => {
    expect(coverage(tutorialKeyword(name, keywords))).toBe(expected);
  });

  test('regex_check_out (re.search(r"check.*out", text, flags=re.I)) covers 0.2339', () => {
    expect(coverage(regexLF({ name: 'regex_check_out', pattern: 'check.*out', flags: 'i', label: SPAM }))).toBe(0.2339);
  });

  test('every vote of a keyword LF is its label', () => {
    const votes = tutorialKeyword('keyword_my', ['my']).applyBatch(train.points);
    expect(new Set(votes)).toEqual(new Set([ABSTAIN, SPAM]));
  });

  test('whole-word "my" covers 0.1929 (306 rows; Python re.search(r"(?<!\\w)my(?!\\w)", text.lower()) agrees), not "myself" or "Mystery"', () => {
    expect(coverage(keywordLF({ name: 'keyword_my_word', keywords: ['my'], label: SPAM }))).toBe(0.1929);
  });
});
