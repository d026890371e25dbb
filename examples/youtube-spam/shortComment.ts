// A user's own LF plugin for the YouTube spam example: the Snorkel tutorial's short_comment rule (fewer than 5 words → HAM).

import { ABSTAIN, definePlugin, labelingFunction, registerLabelingFunctions } from '@skimmer/core';

const HAM = 0;

/**
 * Python's `str.split()` separators: \t \n \v \f \r, \x1c-\x1f, space, \x85, \xa0, U+1680, U+2000-U+200A, U+2028,
 * U+2029, U+202F, U+205F, U+3000. Not JavaScript's `\s`: that also splits at U+FEFF, which ends many of these comments,
 * and the counts would differ from the tutorial's.
 */
function isPythonWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Words of `text` as `len(text.split())` counts them, counting no further than `limit`. */
function wordsUpTo(text: string, limit: number): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isPythonWhitespace(text.charCodeAt(i));
    if (!space && !inWord && ++words >= limit) return words;
    inWord = !space;
  }
  return words;
}

/** The tutorial's `len(x.text.split()) < 5`; split() drops empty strings, so blank text counts 0 words. */
export const shortComment = labelingFunction({
  name: 'short_comment',
  labels: [HAM],
  apply: (point) => (wordsUpTo(point.text, 5) < 5 ? HAM : ABSTAIN),
});

export default definePlugin({
  name: 'youtube-short-comment',
  register(ctx) {
    registerLabelingFunctions(ctx.container, [shortComment]);
  },
});
