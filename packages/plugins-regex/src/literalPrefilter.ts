// A literal that every match of a regex starts with, read off the pattern's start: a text without it cannot match, and skips RE2.

/** Pattern characters that stand for themselves in RE2, outside a class, with or without the i flag's case folding rules below. */
const PLAIN = /^[A-Za-z0-9 ]$/;
/** Characters that make the one before them optional or repeated. */
const QUANTIFIERS = new Set(['*', '+', '?', '{']);
/** Shorter literals filter too little to pay for the scan. */
const MIN_LITERAL = 3;

/**
 * The plain characters (ASCII letters, digits, spaces) a pattern starts with, when every match must begin with them:
 * none when the pattern has a `|` anywhere (an alternative need not start so), and without the last one when a
 * quantifier follows it (`ab*` needs only `a`). Undefined when fewer than three are left.
 *
 * @example
 * requiredLiteral('check.*out'); // 'check'
 * requiredLiteral('check|out');  // undefined
 */
export function requiredLiteral(pattern: string): string | undefined {
  if (pattern.includes('|')) return undefined;
  let end = 0;
  while (end < pattern.length && PLAIN.test(pattern[end])) end++;
  if (end < pattern.length && QUANTIFIERS.has(pattern[end])) end--;
  return end >= MIN_LITERAL ? pattern.slice(0, end) : undefined;
}

/** The characters other than a letter's two ASCII cases that RE2's case folding takes for it: U+212A (Kelvin sign) for k, U+017F (long s) for s. */
const EXTRA_FOLDS: Readonly<Record<string, number>> = { k: 0x212a, s: 0x17f };

/**
 * A test that is false only when `text` cannot contain `literal`: an exact search, or with `caseInsensitive` a search
 * that takes each letter in either ASCII case, and k / s also as the Kelvin sign / long s, as RE2's folding does
 * (no other character folds to an ASCII letter).
 *
 * @example
 * literalFilter('check', true)('CHECK it'); // true
 * literalFilter('check', true)('nice');     // false
 */
export function literalFilter(literal: string, caseInsensitive: boolean): (text: string) => boolean {
  if (!caseInsensitive) return (text) => text.includes(literal);
  const lowered = literal.toLowerCase();
  const lower = Int32Array.from(lowered, (ch) => ch.charCodeAt(0));
  const upper = Int32Array.from(literal.toUpperCase(), (ch) => ch.charCodeAt(0));
  const extra = Int32Array.from(lowered, (ch) => EXTRA_FOLDS[ch] ?? ch.charCodeAt(0));
  const length = lower.length;
  const at = (text: string, i: number, j: number) => {
    const c = text.charCodeAt(i);
    return c === lower[j] || c === upper[j] || c === extra[j];
  };
  return (text) => {
    const last = text.length - length;
    for (let i = 0; i <= last; i++) {
      if (!at(text, i, 0)) continue;
      let j = 1;
      while (j < length && at(text, i + j, j)) j++;
      if (j === length) return true;
    }
    return false;
  };
}
