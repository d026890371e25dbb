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
 * The texts normalised in the current batch, in the order they were asked for, and their normal forms: the LFs of a
 * batch (applyLabelingFunctions runs one LF over a batch of points, then the next) ask for the same texts in the same
 * order, so the second matcher on replays the first one's work with one comparison a text, without hashing texts.
 */
class NormalisedReplay {
  private raws: string[] = [];
  private values: string[] = [];
  /** Next position expected to be asked for. */
  private cursor = 0;
  /** True while the texts asked for are new ones being appended (the first matcher of a batch). */
  private appending = false;
  /** Texts asked for in a row that the sequence did not expect: past STALE_AFTER, it is left for a new one. */
  private misses = 0;

  constructor(private readonly normalise: (text: string) => string) {}

  get(text: string): string {
    const { raws } = this;
    const at = this.cursor;
    if (at < raws.length) {
      if (raws[at] === text) {
        this.cursor = at + 1;
        this.misses = 0;
        return this.values[at];
      }
      // out of the order being replayed: computed, not remembered (unless the sequence has gone stale)
      if (++this.misses <= STALE_AFTER) return this.normalise(text);
      this.appending = false;
    } else if (raws.length > 0 && raws[0] === text) {
      // the end of the sequence, and its first text again: the next matcher starts over the same texts
      this.cursor = 1;
      this.appending = false;
      return this.values[0];
    }
    const value = this.normalise(text);
    this.misses = 0;
    if (!this.appending || raws.length >= MAX_REPLAYED) {
      // a new batch: a new sequence
      this.raws = [];
      this.values = [];
      this.appending = true;
    }
    this.raws.push(text);
    this.values.push(value);
    this.cursor = this.raws.length;
    return value;
  }
}

/** Unexpected texts in a row after which a replayed sequence is dropped for a new one. */
const STALE_AFTER = 64;
/** Most texts a sequence holds before it starts again (a batch is 1,024 points by default). */
const MAX_REPLAYED = 1 << 13;

/** NFC (and lower case unless `caseSensitive`). */
function normalForm(text: string, caseSensitive: boolean): string {
  // No test for ASCII first: V8's normalize returns a text already in NFC as it is, after a scan that costs less than
  // that test (most of the example's comments are not ASCII: they end in U+FEFF).
  const nfc = text.normalize('NFC');
  return caseSensitive ? nfc : nfc.toLowerCase();
}

/** The replays shared by every matcher, case-insensitive and case-sensitive. */
const NORMALISED: readonly [NormalisedReplay, NormalisedReplay] = [
  new NormalisedReplay((text) => normalForm(text, false)),
  new NormalisedReplay((text) => normalForm(text, true)),
];

/** NFC (and lower case unless `caseSensitive`), replayed for the next matcher that asks for the same texts in turn. */
function normalised(text: string, caseSensitive: boolean): string {
  return NORMALISED[caseSensitive ? 1 : 0].get(text);
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
