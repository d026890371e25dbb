// A user's own LF plugin for the YouTube spam example: the Snorkel tutorial's short_comment rule (fewer than 5 words → HAM).

import { ABSTAIN, definePlugin, labelingFunction, registerLabelingFunctions } from '@skimmer/core';

const HAM = 0;

/**
 * Python's `str.split()` separators. Not JavaScript's `\s`: that also splits at U+FEFF, which ends many of these
 * comments, and the counts would differ from the tutorial's.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: \x1c-\x1f are separators Python's str.split() splits at
const PYTHON_WHITESPACE = /[ \t\n\r\v\f\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** The tutorial's `len(x.text.split()) < 5`; split() drops empty strings, so blank text counts 0 words. */
export const shortComment = labelingFunction({
  name: 'short_comment',
  labels: [HAM],
  apply: (point) => (point.text.split(PYTHON_WHITESPACE).filter((word) => word !== '').length < 5 ? HAM : ABSTAIN),
});

export default definePlugin({
  name: 'youtube-short-comment',
  register(ctx) {
    registerLabelingFunctions(ctx.container, [shortComment]);
  },
});
