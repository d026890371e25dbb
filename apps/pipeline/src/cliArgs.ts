// Parses the pipeline CLI's flags (--log-level, --debug, --run, --quiet, --keep-labels) out of argv, leaving the positional arguments.

import { ConfigError } from '@skimmer/core';
import { LOG_LEVELS, type LogLevel } from './logger.ts';

export interface CliArgs {
  readonly positional: string[];
  readonly logLevel: LogLevel;
  /** Print stack traces of errors. */
  readonly debug: boolean;
  /** Earlier run a stage run alone reads from. */
  readonly fromRun?: string;
  /** No progress output. */
  readonly quiet: boolean;
  /** Keep the labels of earlier runs of the same dataset. */
  readonly keepLabels?: boolean;
}

/**
 * Splits argv into flags and positional arguments; an unknown flag or level is a ConfigError.
 *
 * @example
 * parseCliArgs(['config.yaml', '--log-level', 'debug']); // { positional: ['config.yaml'], logLevel: 'debug', debug: false, quiet: false }
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const positional: string[] = [];
  let logLevel: LogLevel = 'info';
  let debug = false;
  let quiet = false;
  let fromRun: string | undefined;
  let keepLabels = false;
  walkArgs(argv, (flag, value, arg) => {
    if (flag === '--log-level') logLevel = parseLogLevel(value());
    else if (flag === '--debug') debug = true;
    else if (flag === '--quiet') quiet = true;
    else if (flag === '--run') fromRun = value();
    else if (flag === '--keep-labels') keepLabels = true;
    else if (flag.startsWith('--')) throw new ConfigError(flag, 'unknown option (expected --log-level, --debug, --run, --quiet, --keep-labels)');
    else positional.push(arg);
  });
  return { positional, logLevel, debug, fromRun, quiet, ...(keepLabels ? { keepLabels } : {}) };
}

/**
 * Calls `visit` for each argument: `flag` is the argument up to an `=` (`--k=20` → `--k`), `value()` reads the flag's
 * value (after the `=`, else the next argument, which it consumes; a ConfigError when there is none).
 *
 * @example
 * walkArgs(['a.yaml', '--k=20'], (flag, value) => flag === '--k' && console.log(value())); // prints 20
 */
export function walkArgs(argv: readonly string[], visit: (flag: string, value: () => string, arg: string) => void): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    visit(
      flag,
      () => {
        const v = inline ?? argv[++i];
        if (v === undefined) throw new ConfigError(flag, 'needs a value');
        return v;
      },
      arg,
    );
  }
}

/**
 * The `--log-level` an argv names (`--log-level X` or `--log-level=X`), checked; undefined when none.
 *
 * @example
 * logLevelIn(['serve', 'c.yaml', '--log-level=warn']); // 'warn'
 */
export function logLevelIn(argv: readonly string[]): LogLevel | undefined {
  const level = rawLogLevelIn(argv);
  return level === undefined ? undefined : parseLogLevel(level);
}

/** The `--log-level` text an argv names, unchecked (for the error path, which must not throw). */
export function rawLogLevelIn(argv: readonly string[]): string | undefined {
  return argv.find((_a, i) => argv[i - 1] === '--log-level') ?? argv.find((a) => a.startsWith('--log-level='))?.slice('--log-level='.length);
}

/** A `--log-level` value, or a ConfigError listing the levels. */
export function parseLogLevel(level: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new ConfigError('--log-level', `unknown level "${level}" (expected ${LOG_LEVELS.join(', ')})`);
  return level as LogLevel;
}
