// The naive programmatic labeller of dataset preparation: ordered keyword / pattern rules, the first that fires wins.

import { ConfigError } from '../errors.ts';

/** One rule: a label and the keywords (whole words or phrases, case-insensitive, punctuation ignored) or the pattern that assign it. */
export interface NaiveLabelRule {
  /** Reported with the label; default `label_<label>#<index>`. */
  name?: string;
  label: number;
  keywords?: readonly string[];
  /** A regular expression, compiled by the `PatternCompiler` given to the labeller (RE2 in the pipeline). */
  pattern?: string;
  flags?: string;
}

export interface NaiveLabellerOptions {
  rules: readonly NaiveLabelRule[];
  /** Label when no rule fires. Default null (unlabelled). */
  default?: number | null;
}

/** Compiles a user pattern into a test; must run in linear time (the pipeline passes RE2). */
export type PatternCompiler = (pattern: string, flags: string) => (text: string) => boolean;

/** The label a record received and the name of the rule that fired (null when the default applied). */
export interface NaiveLabel {
  label: number | null;
  rule: string | null;
}

const NON_WORD = /[^\p{L}\p{N}_]+/u;

/** Lower-case words of a text (letters, digits, underscore); keywords and texts are split the same way. */
function words(lower: string): string[] {
  return lower.split(NON_WORD).filter((w) => w.length > 0);
}

/** Whole-word keyword phrases of one rule, looked up by hashing each run of up to `longest` words (no scan per keyword). */
function keywordMatcher(keywords: readonly string[]): (tokens: readonly string[]) => boolean {
  const phrases = new Set<string>();
  let longest = 0;
  for (const keyword of keywords) {
    const parts = words(keyword.toLowerCase());
    if (parts.length === 0) continue;
    phrases.add(parts.join(' '));
    longest = Math.max(longest, parts.length);
  }
  return (tokens) => {
    for (let start = 0; start < tokens.length; start++) {
      let phrase = '';
      for (let len = 1; len <= longest && start + len <= tokens.length; len++) {
        phrase = len === 1 ? tokens[start] : `${phrase} ${tokens[start + len - 1]}`;
        if (phrases.has(phrase)) return true;
      }
    }
    return false;
  };
}

/**
 * Builds the naive labeller: rules are tried in order on a (normalised) text and the first match gives the label.
 *
 * @example
 * const label = naiveLabeller({ rules: [{ name: 'ai', label: 1, keywords: ['machine learning', 'AI'] }], default: 0 });
 * label('New AI model'); // { label: 1, rule: 'ai' }
 * label('Nice weather'); // { label: 0, rule: null }
 */
export function naiveLabeller(options: NaiveLabellerOptions, compilePattern?: PatternCompiler): (text: string) => NaiveLabel {
  const tests = options.rules.map((rule, index) => {
    const path = `prepare.naive_labeller.rules[${index}]`;
    const name = rule.name ?? `label_${rule.label}#${index}`;
    if (!Number.isInteger(rule.label) || rule.label < 0) throw new ConfigError(`${path}.label`, `must be an integer >= 0, got ${rule.label}`);
    if ((rule.keywords === undefined) === (rule.pattern === undefined)) throw new ConfigError(path, 'give exactly one of keywords or pattern');
    if (rule.pattern !== undefined) {
      if (!compilePattern) throw new ConfigError(`${path}.pattern`, 'pattern rules need a regex engine (PatternCompiler)');
      const test = compilePattern(rule.pattern, rule.flags ?? 'i');
      return { name, label: rule.label, matches: (text: string, _tokens: readonly string[]) => test(text) };
    }
    if (!rule.keywords!.some((k) => words(k.toLowerCase()).length > 0))
      throw new ConfigError(`${path}.keywords`, 'needs at least one keyword with a letter or digit');
    const matches = keywordMatcher(rule.keywords!);
    return { name, label: rule.label, matches: (_text: string, tokens: readonly string[]) => matches(tokens) };
  });
  const fallback: NaiveLabel = { label: options.default ?? null, rule: null };
  return (text) => {
    const tokens = words(text.toLowerCase());
    for (const test of tests) if (test.matches(text, tokens)) return { label: test.label, rule: test.name };
    return fallback;
  };
}
