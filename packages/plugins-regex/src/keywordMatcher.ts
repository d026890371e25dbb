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

/**
 * NFC (and lower case unless `caseSensitive`): the form keywords and texts are compared in.
 *
 * @example
 * keywordNormalForm('Cafe\u0301', false); // 'café' (NFC)
 */
export function keywordNormalForm(text: string, caseSensitive: boolean): string {
  // No test for ASCII first: V8's normalize returns a text already in NFC as it is, after a scan that costs less than
  // that test (most of the example's comments are not ASCII: they end in U+FEFF).
  const nfc = text.normalize('NFC');
  return caseSensitive ? nfc : nfc.toLowerCase();
}

/** A letter, digit or `_` of ASCII: the word characters below U+0080, tested without a regex. */
function isAsciiWordCode(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f;
}

/** Whether the code point ending just before UTF-16 index `i` is a word character (false at the start). */
function wordCharBefore(text: string, i: number): boolean {
  if (i <= 0) return false;
  const code = text.charCodeAt(i - 1);
  return code < 0x80 ? isAsciiWordCode(code) : isWordChar(charBefore(text, i));
}

/** Whether the code point starting at UTF-16 index `i` is a word character (false at the end). */
function wordCharAt(text: string, i: number): boolean {
  if (i >= text.length) return false;
  const code = text.charCodeAt(i);
  return code < 0x80 ? isAsciiWordCode(code) : isWordChar(charAt(text, i));
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
 * Builds a counter of keyword occurrences in a text already in {@link keywordNormalForm} (the same `caseSensitive`):
 * {@link keywordMatcher} without the normalisation, for callers that normalise a text once for several counters.
 *
 * @example
 * keywordCounter(['ai'], { match: 'word' })(keywordNormalForm('AI is here, said the aí', false), 10); // 1
 */
export function keywordCounter(keywords: readonly string[], options: KeywordMatcherOptions = {}): (normalText: string, limit: number) => number {
  const caseSensitive = options.caseSensitive ?? false;
  const wordMode = (options.match ?? 'word') === 'word';
  const needles = [...new Set(keywords.map((k) => keywordNormalForm(k, caseSensitive)))].map((k) => ({
    text: k,
    guardStart: wordMode && isWordChar(charAt(k, 0)),
    guardEnd: wordMode && isWordChar(charBefore(k, k.length)),
  }));
  return (text, limit) => {
    let count = 0;
    for (const needle of needles) {
      let from = 0;
      while (count < limit) {
        const at = text.indexOf(needle.text, from);
        if (at < 0) break;
        const end = at + needle.text.length;
        const standsAlone = !(needle.guardStart && wordCharBefore(text, at)) && !(needle.guardEnd && wordCharAt(text, end));
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
  const count = keywordCounter(keywords, options);
  return (text, limit) => count(keywordNormalForm(text, caseSensitive), limit);
}
