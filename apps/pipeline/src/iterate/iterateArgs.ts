// Parses `pipeline iterate` flags (--k, --strategy, --iterations, --simulate, --project) and hands the rest to the common parser.

import { ConfigError, SELECTION_STRATEGIES, type SelectionStrategy } from '@skimmer/core';
import { parsePositiveInt } from '../cliArgParsers.ts';
import { parseCliArgs, walkArgs, type CliArgs } from '../cliArgs.ts';
import type { IterateOverrides } from './iterateConfigSchema.ts';

export interface IterateArgs {
  readonly common: CliArgs;
  readonly overrides: IterateOverrides;
}

const FLAGS = '--k, --strategy, --iterations, --simulate, --project, --run, --log-level, --quiet, --debug';

/** The common flags; an unknown flag's message lists the iterate flags too. */
function parseCommon(rest: readonly string[]): CliArgs {
  try {
    return parseCliArgs(rest);
  } catch (error) {
    if (error instanceof ConfigError && error.path.startsWith('--') && error.message.includes('unknown option')) {
      throw new ConfigError(error.path, `unknown option (expected ${FLAGS})`);
    }
    throw error;
  }
}

/**
 * Splits argv into the iterate flags and the common ones (--run, --log-level, --quiet, --debug, the config path).
 *
 * @example
 * parseIterateArgs(['config.yaml', '--k', '20', '--simulate']).overrides; // { k: 20, simulate: true }
 */
export function parseIterateArgs(argv: readonly string[]): IterateArgs {
  const rest: string[] = [];
  const overrides: { k?: number; strategy?: SelectionStrategy; iterations?: number; project?: string; simulate?: boolean } = {};
  walkArgs(argv, (flag, value, arg) => {
    if (flag === '--k') overrides.k = parsePositiveInt(flag, value());
    else if (flag === '--iterations') overrides.iterations = parsePositiveInt(flag, value());
    else if (flag === '--project') overrides.project = value();
    else if (flag === '--simulate') overrides.simulate = true;
    else if (flag === '--strategy') {
      const strategy = value();
      if (!(SELECTION_STRATEGIES as readonly string[]).includes(strategy)) {
        throw new ConfigError('--strategy', `unknown strategy "${strategy}" (expected ${SELECTION_STRATEGIES.join(', ')})`);
      }
      overrides.strategy = strategy as SelectionStrategy;
    } else rest.push(arg);
  });
  return { common: parseCommon(rest), overrides };
}
