// Parsers of CLI option values the commands share (a duration, a positive integer, one of a list of choices): each returns the value or throws a ConfigError naming the option.

import { ConfigError } from '@skimmer/core';

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * A `--duration` value: `20m`, `90s`, `1h`, `500ms` → milliseconds (a bare number is seconds).
 *
 * @example
 * parseDuration('20m'); // 1_200_000
 */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new ConfigError('--duration', `expected a duration like 20m, 90s, 1h or 500ms, got ${JSON.stringify(text)}`);
  return Math.round(Number(match[1]) * DURATION_UNITS[match[2] ?? 's']);
}

/**
 * The value of `flag` as a whole number >= 1, written in decimal digits only.
 *
 * @example
 * parsePositiveInt('--k', '20'); // 20
 */
export function parsePositiveInt(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new ConfigError(flag, `expected a positive integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

/**
 * The value of `flag` when it is one of `choices`.
 *
 * @example
 * parseChoice('--role', ['publish', 'worker', 'fit'], 'worker'); // 'worker'
 */
export function parseChoice<T extends string>(flag: string, choices: readonly T[], text: string): T {
  if (!(choices as readonly string[]).includes(text)) throw new ConfigError(flag, `expected one of ${choices.join(', ')}, got ${JSON.stringify(text)}`);
  return text as T;
}
