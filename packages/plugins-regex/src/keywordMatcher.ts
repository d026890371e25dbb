// Finds keywords in text without regexes: plain substrings or Unicode-aware whole words ("aí" is not the word "ai").

/** How a keyword must sit in the text: as a whole word (default) or anywhere, even inside a longer word (Snorkel's tutorial `word in text.lower()`). */
export type KeywordMatchMode = 'word' | 'substring';

/** Settings for {@link keywordMatcher}. */
export interface KeywordMatcherOptions {
  readonly caseSensitive?: boolean;
  readonly match?: KeywordMatchMode;
}

/** Letters, digits and combining marks of every script, and `_`: the characters a word is made of. */
const WORD_CHAR = /^[\p{L}\p{N}\p{M}\p{Pc}]$/u;

/** ASCII text is its own NFC form: testing for it costs a fifth of `normalize`. */
const ASCII = /^[^\u0080-\uffff]*$/;

/** Texts normalised lately, case-sensitive and not, shared by every matcher: the LFs of a batch ask for the same texts in turn. */
const NORMALISED: readonly [Map<string, string>, Map<string, string>] = [new Map(), new Map()];
/** Entries a cache holds before it starts again: a few of applyLabelingFunctions' batches of 1,024 posts (a larger one only pins texts longer). */
const NORMALISED_ENTRIES = 1 << 12;

/** NFC (and lower case unless `caseSensitive`), remembered for the next matcher that asks for the same text. */
function normalised(text: string, caseSensitive: boolean): string {
  const cache = NORMALISED[caseSensitive ? 1 : 0];
  let result = cache.get(text);
  if (result === undefined) {
    const nfc = ASCII.test(text) ? text : text.normalize('NFC');
    result = caseSensitive ? nfc : nfc.toLowerCase();
    if (cache.size >= NORMALISED_ENTRIES) cache.clear();
    cache.set(text, result);
  }
  return result;
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

/** The code point that ends just before UTF-16 index `i` (a whole surrogate pair when there is one). */
function charBefore(text: string, i: number): string | undefined {
  if (i <= 0) return undefined;
  const low = text.charCodeAt(i - 1);
  const pair = low >= 0xdc00 && low <= 0xdfff && i >= 2;
  return text.slice(pair ? i - 2 : i - 1, i);
}

/** The code point that starts at UTF-16 index `i`. */
function charAt(text: string, i: number): string | undefined {
  const cp = text.codePointAt(i);
  return cp === undefined ? undefined : String.fromCodePoint(cp);
}

/**
 * Builds a counter of keyword occurrences. Text and keywords are NFC-normalised (so "é" typed as e + U+0301 matches "é");
 * case-insensitive matching lower-cases both. In `word` mode an occurrence counts only when it is not part of a longer
 * word: the character before (after) it must not be a letter, digit, mark or `_` when the keyword starts (ends) with one,
 * so "ai" is not found in "aí", "said" or "ai_bot", and "c++" is found in "I like c++.".
 * Occurrences of one keyword do not overlap; counts of all keywords add up. Counting stops at `limit`.
 *
 * @example
 * const count = keywordMatcher(['ai'], { match: 'word' });
 * count('AI is here, said the aí', 10); // 1
 */
export function keywordMatcher(keywords: readonly string[], options: KeywordMatcherOptions = {}): (text: string, limit: number) => number {
  const caseSensitive = options.caseSensitive ?? false;
  const wordMode = (options.match ?? 'word') === 'word';
  const normalise = (s: string): string => normalised(s, caseSensitive);
  const needles = [...new Set(keywords.map(normalise))].map((k) => ({
    text: k,
    guardStart: wordMode && isWordChar(charAt(k, 0)),
    guardEnd: wordMode && isWordChar(charBefore(k, k.length)),
  }));
  return (raw, limit) => {
    const text = normalise(raw);
    let count = 0;
    for (const needle of needles) {
      let from = 0;
      while (count < limit) {
        const at = text.indexOf(needle.text, from);
        if (at < 0) break;
        const end = at + needle.text.length;
        const standsAlone = !(needle.guardStart && isWordChar(charBefore(text, at))) && !(needle.guardEnd && isWordChar(charAt(text, end)));
        if (standsAlone) {
          count++;
          from = end;
        } else {
          from = at + 1;
        }
      }
      if (count >= limit) break;
    }
    return count;
  };
}
