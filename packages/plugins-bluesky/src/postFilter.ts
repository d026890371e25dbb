// The keep-or-drop test for normalised Bluesky posts: keywords or regexes (RE2, linear time) and languages from config.

import { compileRegex, keywordMatcher } from '@skimmer/plugins-regex';
import type { CompiledRegex } from '@skimmer/plugins-regex';
import type { BlueskySourceOptions } from './options.ts';
import type { BlueskyPostRow } from './jetstreamFrame.ts';

/** Whether a post's `langs` tag matches a wanted language: `en` wants `en`, `en-US`, `en-GB`; `en-US` wants only `en-US`. */
function languageMatches(tag: string, wanted: string): boolean {
  const t = tag.toLowerCase();
  return t === wanted || t.startsWith(`${wanted}-`);
}

/**
 * Builds the filter a source applies before emitting a post. Keywords and regexes are tried on the text and the link
 * URLs; with neither configured every post passes. With `languages`, a post must declare one of them (posts without
 * `langs` are dropped).
 *
 * @example
 * const keep = postFilter({ keywords: ['llm'], regex: [], languages: ['en'] });
 * keep(row); // true for an English post that says "LLM"
 */
export function postFilter(options: Pick<BlueskySourceOptions, 'keywords' | 'regex' | 'languages'>): (row: BlueskyPostRow) => boolean {
  const countKeywords = options.keywords.length > 0 ? keywordMatcher(options.keywords, { match: 'word' }) : null;
  const regexes: Array<Extract<CompiledRegex, { ok: true }>['regex']> = options.regex.map(({ pattern, flags }) => {
    const compiled = compileRegex(pattern, flags);
    // The options schema has already refused what does not compile.
    if (!compiled.ok) throw new Error(`regex ${JSON.stringify(pattern)}: ${compiled.message}`);
    return compiled.regex;
  });
  const languages = options.languages.map((l) => l.toLowerCase());
  const anyText = countKeywords === null && regexes.length === 0;
  return (row) => {
    if (languages.length > 0 && !row.langs.some((tag) => languages.some((wanted) => languageMatches(tag, wanted)))) return false;
    if (anyText) return true;
    const haystack = row.expanded_urls ? `${row.text}\n${row.expanded_urls}` : row.text;
    return (countKeywords !== null && countKeywords(haystack, 1) > 0) || regexes.some((r) => r.test(haystack));
  };
}
