// Specification of the CLI's shared option parsers: durations, positive integers and choices, with their exact values and errors.

import { describe, expect, it, test } from 'vitest';
import { ConfigError } from '@skimmer/core';
import { parseChoice, parseDuration, parsePositiveInt } from '../src/cliArgParsers.ts';
import { logLevelIn } from '../src/cliArgs.ts';

describe('parseDuration', () => {
  test('fractions and surrounding blanks read in the given unit, rounded to whole milliseconds', () => {
    expect(['1.5s', '0.25m', ' 2h ', '0.4ms', '0'].map(parseDuration)).toEqual([1_500, 15_000, 7_200_000, 0, 0]);
  });

  test('a negative, empty, spaced or unknown-unit value is a ConfigError on --duration quoting it', () => {
    for (const text of ['-1s', '', '20 m', '1d', '1e3', 'ms']) {
      expect(() => parseDuration(text)).toThrow(`--duration: expected a duration like 20m, 90s, 1h or 500ms, got ${JSON.stringify(text)}`);
    }
    expect(() => parseDuration('1d')).toThrow(ConfigError);
  });
});

describe('parsePositiveInt', () => {
  test('decimal digits read as a number >= 1', () => {
    expect(['1', '4', '007', '500'].map((text) => parsePositiveInt('--k', text))).toEqual([1, 4, 7, 500]);
  });

  test('zero, a sign, a fraction, an exponent, hex or blanks are a ConfigError naming the option and quoting the value', () => {
    for (const text of ['0', '00', '-3', '+3', '2.0', '1e3', '0x10', ' 4', '', 'four']) {
      expect(() => parsePositiveInt('--partitions', text)).toThrow(`--partitions: expected a positive integer, got ${JSON.stringify(text)}`);
    }
    expect(() => parsePositiveInt('--k', '"')).toThrow('--k: expected a positive integer, got "\\""');
  });
});

describe('parseChoice', () => {
  const roles = ['publish', 'worker', 'fit'] as const;

  test('returns the value when it is one of the choices', () => {
    expect(roles.map((role) => parseChoice('--role', roles, role))).toEqual(['publish', 'worker', 'fit']);
  });

  test('another value, in another case or empty, is a ConfigError listing the choices', () => {
    for (const text of ['Worker', 'work', '']) {
      expect(() => parseChoice('--role', roles, text)).toThrow(`--role: expected one of publish, worker, fit, got ${JSON.stringify(text)}`);
    }
  });
});

describe('logLevelIn', () => {
  it('reads --log-level X and --log-level=X, checked', () => {
    expect([logLevelIn(['serve', 'c.yaml', '--log-level', 'warn']), logLevelIn(['--log-level=error']), logLevelIn(['serve'])]).toEqual([
      'warn',
      'error',
      undefined,
    ]);
    expect(() => logLevelIn(['--log-level', 'loud'])).toThrow('unknown level "loud"');
  });
});
