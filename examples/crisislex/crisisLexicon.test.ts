// learnCrisisLexicon and crisisSpecificWords on a few made-up tweets: what a term needs to enter, and what a crisis-specific word is.

import { describe, expect, it } from 'vitest';
import { crisisSpecificWords, learnCrisisLexicon, withoutWords } from './crisisLexicon.ts';

const repeat = (text: string, crisis: string, times: number) => Array.from({ length: times }, () => ({ text, crisis }));
const tweets = [
  ...repeat('flood victims need shelter #pray', 'a', 4),
  ...repeat('storm hits, shelter open #pray', 'b', 4),
  ...repeat('flood in calgary', 'a', 5),
  ...repeat('lunch with friends', 'a', 10),
  ...repeat('lunch at the mall in calgary', 'b', 10),
];

describe('learnCrisisLexicon', () => {
  const lexicon = learnCrisisLexicon(tweets, ['flood', 'storm', 'victims']);

  it('keeps terms that come with hazard words in at least two crises, hashtags included', () => {
    expect(lexicon).toContain('shelter');
    expect(lexicon).toContain('#pray');
  });

  it('leaves out the hazard words themselves, terms of one crisis only, and terms as common without a hazard word', () => {
    expect(lexicon.some((t) => /flood|storm|victims/.test(t))).toBe(false);
    expect(lexicon).not.toContain('need'); // crisis a only
    expect(lexicon).not.toContain('calgary'); // as frequent in the other tweets
  });

  it('keeps at most `size` terms, best first', () => {
    expect(learnCrisisLexicon(tweets, ['flood', 'storm', 'victims'], { size: 1 })).toHaveLength(1);
  });
});

describe('crisisSpecificWords', () => {
  it('names the words one crisis uses (≥ 90 % of their tweets), not the shared ones', () => {
    const specific = crisisSpecificWords(tweets);
    expect(specific.has('friends')).toBe(true);
    expect(specific.has('need')).toBe(false); // 4 tweets: below minCount 5
    expect(specific.has('mall')).toBe(true);
    expect(specific.has('shelter')).toBe(false);
    expect(specific.has('lunch')).toBe(false);
  });

  it('withoutWords blanks them out, whatever the case, and keeps the rest as it was', () => {
    expect(withoutWords('Flood victims NEED shelter!', new Set(['need', 'flood']))).toBe('  victims   shelter!');
  });
});
