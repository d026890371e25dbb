// Compiles a user regex with RE2 (re2js: linear-time, no backtracking) and turns its syntax errors into readable messages.

import { RE2JS } from 're2js';

/** The JavaScript-style flags a regex LF accepts, and the RE2 flag each maps to (`u` is RE2's default: matching is always by code point). */
const FLAG_BITS: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  u: 0,
};

/** Why each other JavaScript flag is refused. */
const REFUSED_FLAGS: Readonly<Record<string, string>> = {
  g: 'matches are always counted over the whole field (use minMatches)',
  y: 'sticky matching has no meaning for a labeling function',
  d: 'match indices are not used by a labeling function',
  v: 'unicode sets are not supported by RE2',
};

/** The outcome of {@link compileRegex}: the compiled pattern, or the reason it was refused. */
export type CompiledRegex =
  | { readonly ok: true; readonly regex: RE2JS }
  | { readonly ok: false; readonly field: 'pattern' | 'flags'; readonly message: string };

/** Checks a flags string (`'im'`): returns the RE2 flag bits, or a message naming the first unsupported or repeated flag. */
export function parseRegexFlags(flags: string): { readonly ok: true; readonly bits: number } | { readonly ok: false; readonly message: string } {
  let bits = 0;
  const seen = new Set<string>();
  for (const flag of flags) {
    if (seen.has(flag)) return { ok: false, message: `flag "${flag}" is repeated in "${flags}"` };
    seen.add(flag);
    if (!(flag in FLAG_BITS)) {
      const why = REFUSED_FLAGS[flag] ?? 'it is not a regex flag';
      return { ok: false, message: `unsupported flag "${flag}": ${why}; supported flags are i, m, s, u` };
    }
    bits |= FLAG_BITS[flag];
  }
  return { ok: true, bits };
}

/** Rewrites an RE2 syntax error (`error parsing regexp: missing closing ): \`(a\``) as `invalid regex: missing closing ): (a`, with a hint for constructs RE2 refuses by design. */
function describeSyntaxError(pattern: string, raw: string): string {
  const detail = raw.replace(/^error parsing regexp:\s*/, '').replace(/`([^`]*)`$/, '$1');
  const backtrackingOnly = /\\[1-9]|\(\?<?[=!]/.test(pattern);
  const hint = backtrackingOnly ? ' (RE2 has no backreferences or lookaround: they cannot run in linear time)' : '';
  return `invalid regex: ${detail}${hint}`;
}

/**
 * Compiles `pattern` with the given JavaScript-style flags (`i`, `m`, `s`, `u`) on RE2.
 * Never throws: a refused pattern or flag comes back as `{ ok: false, field, message }`.
 *
 * @example
 * compileRegex('check.*out', 'i');   // { ok: true, regex }
 * compileRegex('(check.*out', '');   // { ok: false, field: 'pattern', message: 'invalid regex: missing closing ): (check.*out' }
 */
export function compileRegex(pattern: string, flags = ''): CompiledRegex {
  const parsed = parseRegexFlags(flags);
  if (!parsed.ok) return { ok: false, field: 'flags', message: parsed.message };
  try {
    return { ok: true, regex: RE2JS.compile(pattern, parsed.bits) };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    return { ok: false, field: 'pattern', message: describeSyntaxError(pattern, raw) };
  }
}

/**
 * Counts non-overlapping matches of `regex` in `text`, stopping once `limit` is reached (an LF only needs to know "at least n").
 *
 * @example
 * countMatches(RE2JS.compile('ab'), 'abxabab', 10); // 3
 */
export function countMatches(regex: RE2JS, text: string, limit: number): number {
  if (limit <= 1) return regex.test(text) ? 1 : 0;
  const matcher = regex.matcher(text);
  let count = 0;
  while (count < limit && matcher.find()) count++;
  return count;
}
