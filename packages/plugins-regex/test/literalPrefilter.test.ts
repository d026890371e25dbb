// Specification of the literal prefilter: the literal read off a pattern, and regexLF's votes equal to RE2's own on every text.

import { describe, expect, test } from 'vitest';
import { compileRegex, countMatches } from '../src/compileRegex.ts';
import { literalFilter, requiredLiteral } from '../src/literalPrefilter.ts';
import { regexLF } from '../src/index.ts';

describe('requiredLiteral', () => {
  test.each([
    ['check.*out', 'check'],
    ['check out now', 'check out now'],
    ['subscribe+', 'subscrib'],
    ['abcd*e', 'abc'],
    ['abc?', undefined],
    ['abcd{2}', 'abc'],
    ['check|out', undefined],
    ['(check).*out', undefined],
    ['^check', undefined],
    ['\\bcheck', undefined],
    ['ch.*', undefined],
    ['', undefined],
  ])('%s → %s', (pattern, literal) => expect(requiredLiteral(pattern)).toBe(literal));
});

describe('literalFilter', () => {
  test('exact, or folding case as RE2 does (k and s also as the Kelvin sign and long s)', () => {
    expect(literalFilter('check', false)('Check')).toBe(false);
    expect(literalFilter('check', true)('go cHeCk it')).toBe(true);
    expect(literalFilter('check', true)('chec')).toBe(false);
    expect(literalFilter('check', true)('chec\u212a')).toBe(true);
    expect(literalFilter('abc', true)('ab')).toBe(false);
    expect(literalFilter('subscribe', true)('ſUBSCRIBE')).toBe(true);
    expect(literalFilter('check', true)('chéck ✓ out')).toBe(false);
  });
});

describe('regexLF with the prefilter', () => {
  const pieces = [
    'check',
    'CHECK',
    'Check',
    'che',
    'ck',
    ' out',
    'OUT',
    'chec\u212a',
    'subscribe',
    'SUBſCRIBE',
    'ſub',
    'x',
    '\n',
    'é',
    'abcd',
    'ABCDDD',
    'abce',
  ];
  let seed = 11;
  const random = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const texts = Array.from({ length: 4000 }, () =>
    Array.from({ length: Math.floor(random() * 7) }, () => pieces[Math.floor(random() * pieces.length)]).join(''),
  );
  test.each([
    ['check.*out', 'i'],
    ['check.*out', ''],
    ['check', 'is'],
    ['subscribe', 'i'],
    ['abcd*e', 'i'],
    ['abcd+', ''],
  ])('/%s/%s votes and counts as RE2 does', (pattern, flags) => {
    const compiled = compileRegex(pattern, flags);
    if (!compiled.ok) throw new Error(compiled.message);
    const once = regexLF({ name: 'once', pattern, flags, label: 1 });
    const twice = regexLF({ name: 'twice', pattern, flags, label: 1, minMatches: 2 });
    for (const text of texts) {
      expect(once.apply({ id: 'p', text }), text).toBe(countMatches(compiled.regex, text, 1) >= 1 ? 1 : -1);
      expect(twice.apply({ id: 'p', text }), text).toBe(countMatches(compiled.regex, text, 2) >= 2 ? 1 : -1);
    }
  });
});
