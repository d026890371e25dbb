// Says why PostgreSQL's jsonb would reject a JSON text that JSON.parse accepts, so a decoder dead-letters the record
// instead of a store batch failing on it (and the consumer retrying that batch for ever).
//
// jsonb rejects two things JSON allows: a \u escape of a lone UTF-16 surrogate (tweets cut in the middle of an emoji
// carry them) and a number beyond the numeric type's range (131,072 digits before the decimal point, 16,383 after).
// (It also rejects \u0000, but stores drop that escape themselves.)

/**
 * The cheap test that tells whether a text needs the exact scan: a \uD800–\uDFFF escape, an exponent of five digits or
 * more, or a negative exponent. One pattern, so the text is searched once. A number beyond numeric without those has
 * more than 16,383 digits (an exponent of at most 9,999 shifts no more than it adds), so longer texts are scanned too.
 */
const NEEDS_SCAN = /\\u[dD][89a-fA-F]|[eE](?:\+?\d{5}|-\d)/;
const MAX_DIGITS_BEFORE_POINT = 131_072;
const MAX_DIGITS_AFTER_POINT = 16_383;
/** Postgres's numeric_in refuses an exponent at or beyond ±INT_MAX / 2 before anything else. */
const MAX_EXPONENT = 1_073_741_823;
const NUMBER = /-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?/y;

/**
 * Why a number written as intPart.fracPart e exponent overflows Postgres numeric, or null. Its scale (the digits after
 * the point as written, less the exponent) is limited for every value, zero included; its digits before the point only
 * when it is not zero.
 */
function numberProblem(intPart: string, fracPart: string, exponent: string): string | null {
  const e = Number(exponent);
  if (Math.abs(e) >= MAX_EXPONENT) return 'an exponent beyond what Postgres numeric reads (1,073,741,822 either way)';
  if (fracPart.length - e > MAX_DIGITS_AFTER_POINT) return 'more digits after the decimal point than Postgres numeric holds (16,383)';
  const first = (intPart + fracPart).search(/[1-9]/);
  if (first < 0) return null; // zero: no digits before the point
  if (intPart.length + e - first > MAX_DIGITS_BEFORE_POINT) return 'more digits before the decimal point than Postgres numeric holds (131,072)';
  return null;
}

const hexAt = (text: string, i: number): number => (/^[0-9a-fA-F]{4}$/.test(text.slice(i, i + 4)) ? parseInt(text.slice(i, i + 4), 16) : -1);
const isHigh = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * Why jsonb would reject `text` (valid JSON), or null when it would take it. Only texts that contain a surrogate
 * escape, a long or negative exponent, or are longer than 16,383 characters, are scanned.
 *
 * @example
 * jsonbProblem('{"text":"cut \\ud83d"}'); // 'an unpaired UTF-16 surrogate escape (\\ud83d) ...'
 * jsonbProblem('{"text":"\\ud83d\\ude00"}'); // null: a pair is one character
 */
export function jsonbProblem(text: string): string | null {
  if (text.length <= MAX_DIGITS_AFTER_POINT && !NEEDS_SCAN.test(text)) return null;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x22) inString = false;
      else if (c === 0x5c) {
        if (text[i + 1] === 'u') {
          const code = hexAt(text, i + 2);
          if (isHigh(code) && text[i + 6] === '\\' && text[i + 7] === 'u' && isLow(hexAt(text, i + 8))) i += 11;
          else if (isHigh(code) || isLow(code)) return `an unpaired UTF-16 surrogate escape (${text.slice(i, i + 6)}), which Postgres jsonb rejects`;
          else i += 5;
        } else i++;
      }
    } else if (c === 0x22) inString = true;
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (m === null) continue;
      const problem = m[0].length < 4 ? null : numberProblem(m[1], m[2] ?? '', m[3] ?? '0');
      if (problem !== null) return `the number ${m[0].length > 40 ? `${m[0].slice(0, 37)}...` : m[0]} has ${problem}`;
      i += m[0].length - 1;
    }
  }
  return null;
}
