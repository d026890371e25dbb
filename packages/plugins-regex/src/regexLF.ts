// regexLF: a labeling function that votes a label when an RE2 regex matches a field of the data point.

import { ConfigError, type LabelingFunction } from '@skimmer/core';
import { RE2JS } from 're2js';
import { compileRegex, countMatches } from './compileRegex.ts';
import { literalFilter, requiredLiteral } from './literalPrefilter.ts';
import { matchLabelingFunction, type MatchLFOptions } from './matchLabelingFunction.ts';

/** Options of {@link regexLF}. */
export interface RegexLFOptions extends MatchLFOptions {
  /** RE2 syntax (the JavaScript syntax without backreferences and lookaround). */
  readonly pattern: string;
  /** Any of `i` (ignore case), `m` (^/$ at line ends), `s` (. matches newline), `u` (always on in RE2). Others are refused. */
  readonly flags?: string;
}

/**
 * A labeling function that votes `label` when `pattern` matches `point[field]` at least `minMatches` times
 * (non-overlapping), or, with `negate`, when it does not. Matching runs on RE2 (re2js) in time linear in the text,
 * so no pattern can hang the process. A pattern RE2 refuses throws a {@link ConfigError} on the `pattern` option;
 * a point whose field is missing or not text gets ABSTAIN.
 *
 * @example
 * const SPAM = 1;
 * const checkOut = regexLF({ name: 'regex_check_out', pattern: 'check.*out', flags: 'i', label: SPAM });
 * checkOut.apply({ id: '1', text: 'Check my channel out!' }); // 1
 * checkOut.apply({ id: '2', text: 'Nice song' });             // -1 (ABSTAIN)
 */
export function regexLF(options: RegexLFOptions): LabelingFunction {
  const compiled = compileRegex(options.pattern, options.flags ?? '');
  if (!compiled.ok) {
    throw new ConfigError(compiled.field, compiled.message, { lf: options.name, pattern: options.pattern, flags: options.flags });
  }
  const { regex } = compiled;
  // A text without the literal every match starts with cannot match: RE2 is not run on it (same votes, a fraction of the time).
  const literal = requiredLiteral(options.pattern);
  if (literal === undefined) return matchLabelingFunction(options, (text, limit) => countMatches(regex, text, limit));
  // The flags compileRegex parsed, as RE2 holds them.
  const mayMatch = literalFilter(literal, (regex.flags() & RE2JS.CASE_INSENSITIVE) !== 0);
  return matchLabelingFunction(options, (text, limit) => (mayMatch(text) ? countMatches(regex, text, limit) : 0));
}
