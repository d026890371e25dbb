// keywordLF: a labeling function that votes a label when any of its keywords occurs in a field (whole words or substrings).

import { ConfigError, type LabelingFunction } from '@skimmer/core';
import { keywordCounter, keywordNormalForm, type KeywordMatchMode } from './keywordMatcher.ts';
import { KeywordTexts } from './keywordTexts.ts';
import { matchLabelingFunction, type MatchLFOptions } from './matchLabelingFunction.ts';

/** Options of {@link keywordLF}. */
export interface KeywordLFOptions extends MatchLFOptions {
  readonly keywords: readonly string[];
  /** Default false: text and keywords are lower-cased before matching. */
  readonly caseSensitive?: boolean;
  /** `word` (default): whole words only, Unicode-aware; `substring`: anywhere (Snorkel tutorial's `word in x.text.lower()`). */
  readonly match?: KeywordMatchMode;
  /** Shorthand for `match`: true = 'word', false = 'substring'. */
  readonly wholeWord?: boolean;
}

function matchMode(options: KeywordLFOptions): KeywordMatchMode {
  const fromWholeWord = options.wholeWord === undefined ? undefined : options.wholeWord ? 'word' : 'substring';
  if (options.match !== undefined && fromWholeWord !== undefined && options.match !== fromWholeWord) {
    throw new ConfigError(
      'wholeWord',
      `labeling function "${options.name}": wholeWord: ${options.wholeWord} contradicts match: '${options.match}' (give one of them)`,
      { lf: options.name },
    );
  }
  return options.match ?? fromWholeWord ?? 'word';
}

/**
 * A labeling function that votes `label` when the keywords occur at least `minMatches` times in `point[field]`
 * (occurrences of all keywords add up), or, with `negate`, when they do not. Matching needs no regex: see
 * {@link keywordMatcher} for the Unicode rules. A point whose field is missing or not text gets ABSTAIN. The keyword LFs
 * given the same `texts` normalise each text of a batch once between them.
 *
 * @example
 * const SPAM = 1;
 * // Snorkel spam tutorial: make_keyword_lf(keywords=["my"]) is a substring test on the lower-cased text
 * const keywordMy = keywordLF({ name: 'keyword_my', keywords: ['my'], label: SPAM, match: 'substring' });
 * keywordMy.apply({ id: '1', text: 'Check out MY channel' }); // 1
 * keywordLF({ name: 'ai', keywords: ['ai'], label: 1 }).apply({ id: '2', text: 'Ahí está, aí' }); // -1 (ABSTAIN)
 */
export function keywordLF(options: KeywordLFOptions, texts: KeywordTexts = new KeywordTexts()): LabelingFunction {
  const keywords = options.keywords;
  const blank = keywords.findIndex((k) => typeof k !== 'string' || k.trim() === '');
  if (keywords.length === 0 || blank >= 0) {
    const where = blank >= 0 ? `keywords[${blank}]` : 'keywords';
    throw new ConfigError(where, `labeling function "${options.name}": keywords must be a non-empty list of non-empty strings`, { lf: options.name });
  }
  const caseSensitive = options.caseSensitive ?? false;
  const count = keywordCounter(keywords, { caseSensitive, match: matchMode(options) });
  const batch = texts.batch(options.field ?? 'text', caseSensitive);
  return matchLabelingFunction(
    options,
    (text, limit) => count(keywordNormalForm(text, caseSensitive), limit),
    (batchTexts, limit) => {
      const forms = batch.of(batchTexts);
      const counts = new Int32Array(forms.length);
      for (let i = 0; i < forms.length; i++) {
        const form = forms[i];
        if (form !== undefined) counts[i] = count(form, limit);
      }
      return counts;
    },
  );
}
