// Specification of regexLF: RE2 matching in linear time, flags, minMatches, negate, fields, and refused patterns.

import { describe, expect, test } from 'vitest';
import { ABSTAIN, ConfigError } from '@skimmer/core';
import { regexLF } from '../src/index.ts';

const SPAM = 1;
const point = (text: string, extra: Record<string, unknown> = {}) => ({ id: 'p1', text, ...extra });

describe('regexLF', () => {
  test('votes its label when the pattern matches and abstains otherwise', () => {
    const lf = regexLF({ name: 'check_out', pattern: 'check.*out', label: SPAM });
    expect(lf.apply(point('check my channel out'))).toBe(SPAM);
    expect(lf.apply(point('nice song'))).toBe(ABSTAIN);
  });

  test('is case-sensitive unless flag i is given', () => {
    expect(regexLF({ name: 'a', pattern: 'check', label: SPAM }).apply(point('CHECK'))).toBe(ABSTAIN);
    expect(regexLF({ name: 'a', pattern: 'check', flags: 'i', label: SPAM }).apply(point('CHECK'))).toBe(SPAM);
  });

  test('flag i folds non-ASCII letters too', () => {
    expect(regexLF({ name: 'a', pattern: 'égalité', flags: 'i', label: SPAM }).apply(point('ÉGALITÉ'))).toBe(SPAM);
  });

  test('. does not cross a newline unless flag s is given', () => {
    expect(regexLF({ name: 'a', pattern: 'check.*out', label: SPAM }).apply(point('check\nout'))).toBe(ABSTAIN);
    expect(regexLF({ name: 'a', pattern: 'check.*out', flags: 's', label: SPAM }).apply(point('check\nout'))).toBe(SPAM);
  });

  test('^ matches at each line start only with flag m', () => {
    expect(regexLF({ name: 'a', pattern: '^RT', label: SPAM }).apply(point('hello\nRT this'))).toBe(ABSTAIN);
    expect(regexLF({ name: 'a', pattern: '^RT', flags: 'm', label: SPAM }).apply(point('hello\nRT this'))).toBe(SPAM);
  });

  test('flag u is accepted (RE2 always matches by code point)', () => {
    expect(regexLF({ name: 'a', pattern: '^.$', flags: 'u', label: SPAM }).apply(point('😀'))).toBe(SPAM);
  });

  test('minMatches counts non-overlapping matches', () => {
    const lf = regexLF({ name: 'two_links', pattern: 'http', label: SPAM, minMatches: 2 });
    expect(lf.apply(point('http://a http://b'))).toBe(SPAM);
    expect(lf.apply(point('only http://a'))).toBe(ABSTAIN);
    expect(regexLF({ name: 'aa', pattern: 'aa', label: SPAM, minMatches: 2 }).apply(point('aaa'))).toBe(ABSTAIN);
  });

  test('negate votes when the pattern does not match', () => {
    const lf = regexLF({ name: 'no_link', pattern: 'https?://', label: 0, negate: true });
    expect(lf.apply(point('just words'))).toBe(0);
    expect(lf.apply(point('see https://x.io'))).toBe(ABSTAIN);
  });

  test('matches another field, and a list of strings joined by newlines', () => {
    const lf = regexLF({ name: 'yt_link', pattern: 'youtube\\.com', label: SPAM, field: 'expandedUrls' });
    expect(lf.apply(point('no link here', { expandedUrls: ['https://a.io', 'https://youtube.com/x'] }))).toBe(SPAM);
  });

  test('abstains when the field is missing or not text', () => {
    const lf = regexLF({ name: 'a', pattern: '.*', label: SPAM, field: 'lang' });
    expect(lf.apply(point('x'))).toBe(ABSTAIN);
    expect(lf.apply(point('x', { lang: { code: 'en' } }))).toBe(ABSTAIN);
  });

  test('the catastrophic pattern (a+)+$ on 50,000 "a"s and "!" returns ABSTAIN (RE2 has no backtracking)', () => {
    const lf = regexLF({ name: 'redos', pattern: '(a+)+$', label: SPAM });
    expect(lf.apply(point(`${'a'.repeat(50_000)}!`))).toBe(ABSTAIN);
  });

  test('a pattern with an unclosed group is a ConfigError on pattern', () => {
    const build = () => regexLF({ name: 'bad', pattern: '(check.*out', label: SPAM });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(
      expect.objectContaining({
        path: 'pattern',
        message: 'pattern: invalid regex: missing closing ): (check.*out',
        context: expect.objectContaining({ lf: 'bad' }),
      }),
    );
  });

  test('a backreference is refused, with the reason', () => {
    expect(() => regexLF({ name: 'bad', pattern: '(a)\\1', label: SPAM })).toThrow(
      'pattern: invalid regex: invalid escape sequence: \\1 (RE2 has no backreferences or lookaround: they cannot run in linear time)',
    );
  });

  test('a lookahead is refused, with the reason', () => {
    expect(() => regexLF({ name: 'bad', pattern: 'foo(?=bar)', label: SPAM })).toThrow(
      'pattern: invalid regex: invalid or unsupported Perl syntax: (?= (RE2 has no backreferences or lookaround: they cannot run in linear time)',
    );
  });

  test('flag g is refused with what to use instead', () => {
    expect(() => regexLF({ name: 'bad', pattern: 'a', flags: 'gi', label: SPAM })).toThrow(
      'flags: unsupported flag "g": matches are always counted over the whole field (use minMatches); supported flags are i, m, s, u',
    );
  });

  test('a negative label and a minMatches of 0 are ConfigErrors naming the LF', () => {
    expect(() => regexLF({ name: 'bad', pattern: 'a', label: -1 })).toThrow(
      'label: labeling function "bad": label must be a class index (integer >= 0), got -1',
    );
    expect(() => regexLF({ name: 'bad', pattern: 'a', label: 1, minMatches: 0 })).toThrow(
      'minMatches: labeling function "bad": minMatches must be an integer >= 1, got 0',
    );
  });
});
