// Entry point of the `pipeline` CLI: one commander program dispatches to the command modules and turns errors into one line and an exit code.

import { SkimmerError } from '@skimmer/core';
import { CommanderError } from 'commander';
import type { CliArgs } from './cliArgs.ts';
import { rawLogLevelIn } from './cliArgs.ts';
import { buildProgram, cliVersion, helpCommandArgv } from './cliProgram.ts';
import { EXIT_OK, exitCodeOf, isArgParseError, pinExitCode } from './exitCodes.ts';
import type { LogLevel } from './logger.ts';
import { UsageError } from './usageError.ts';

export { cliVersion };

type CommandFn = (argv: readonly string[]) => Promise<number> | number;

/** A command implemented by a module of apps/pipeline, imported only when used. */
interface CommandModule {
  readonly module: string;
  readonly exportName: string;
  /** The module's parser takes --log-level and --debug itself. */
  readonly globalFlags: boolean;
  /** The module runs the command only when this option is given; without it the command is a stage command (`label`). */
  readonly whenOption?: string;
}

const COMMAND_MODULES: Readonly<Record<string, CommandModule>> = {
  prepare: { module: './commands/prepare.ts', exportName: 'prepareCommand', globalFlags: false },
  ingest: { module: './commands/ingest.ts', exportName: 'ingestCommand', globalFlags: true },
  serve: { module: './commands/serve.ts', exportName: 'serveCommand', globalFlags: true },
  'classify-stream': { module: './commands/classifyStream.ts', exportName: 'classifyStreamCommand', globalFlags: true },
  'labelmodel bench': { module: './commands/labelmodelBench.ts', exportName: 'labelmodelBenchCommand', globalFlags: false },
  iterate: { module: './commands/iterate.ts', exportName: 'iterateCommand', globalFlags: true },
  dataset: { module: './commands/dataset.ts', exportName: 'datasetCommand', globalFlags: false },
  export: { module: './commands/export.ts', exportName: 'exportCommand', globalFlags: false },
  'runs prune': { module: './commands/runsPrune.ts', exportName: 'runsPruneCommand', globalFlags: false },
  // `label --role …` is distributed labelling (docs/scale.md); plain `label` runs the stages apply, analyze and fit.
  label: { module: './commands/label.ts', exportName: 'labelCommand', globalFlags: true, whenOption: 'role' },
};

/** The arguments without --debug and --log-level (handled here), for commands whose own parsers do not take them. */
export function withoutGlobalFlags(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--debug' || argv[i].startsWith('--log-level=')) continue;
    if (argv[i] === '--log-level') {
      i++;
      continue;
    }
    kept.push(argv[i]);
  }
  return kept;
}

/** The module that runs the command `name` given its parsed options, if a module runs it (else the stages do). */
function commandModule(name: string, options: Record<string, unknown>): CommandModule | undefined {
  const entry = Object.hasOwn(COMMAND_MODULES, name) ? COMMAND_MODULES[name] : undefined;
  return entry?.whenOption === undefined || options[entry.whenOption] !== undefined ? entry : undefined;
}

async function runModule(name: string, { module, exportName, globalFlags }: CommandModule, argv: readonly string[]): Promise<number> {
  const mod = (await import(module)) as Record<string, unknown>;
  const fn = mod[exportName] as CommandFn | undefined;
  if (typeof fn !== 'function') throw new UsageError(`the '${name}' command module exports no ${exportName}(argv)`);
  return fn(globalFlags ? argv : withoutGlobalFlags(argv));
}

async function runStages(name: string, rest: readonly string[], options: Record<string, unknown>): Promise<number> {
  const { runCommand } = await import('./commands/runCommand.ts');
  const args: CliArgs = {
    positional: rest.filter((a, i) => !a.startsWith('-') && !['--log-level', '--run'].includes(rest[i - 1])),
    logLevel: (options.logLevel as LogLevel | undefined) ?? 'info',
    debug: options.debug === true,
    fromRun: options.run as string | undefined,
    quiet: options.quiet === true,
    ...(options.keepLabels ? { keepLabels: true } : {}),
  };
  return runCommand(name, args);
}

/** True when the user asked for stack traces (`--debug`, `--log-level debug|trace`). */
function wantsStack(argv: readonly string[]): boolean {
  const level = rawLogLevelIn(argv);
  return argv.includes('--debug') || level === 'debug' || level === 'trace';
}

const oneLine = (message: string): string => message.trim().replace(/\s*\n\s*/g, ' ');

/** One line for an error: commander's or an argument parser's own message, a Skimmer error's message, else the error's message as unexpected. */
function errorLine(error: unknown): string {
  if (error instanceof CommanderError) {
    // a command group without its subcommand: commander "shows help" on stderr; one line says what is missing
    if (error.code === 'commander.help') return 'this command needs a subcommand (add --help to list them)';
    return oneLine(error.message.replace(/^error: /, ''));
  }
  // an error is one line whatever its message holds (a library's may span several)
  if (error instanceof SkimmerError || isArgParseError(error)) return oneLine((error as Error).message);
  return `unexpected error: ${oneLine((error as Error)?.message ?? String(error))}`;
}

/**
 * Runs the CLI and returns the exit code of the table in docs/cli.md: 0 done, 1 failed while running, 2 bad usage,
 * config or data. An error is one line on stderr; its stack trace only with --debug or --log-level debug.
 *
 * @example
 * process.exitCode = await main(['run', 'examples/youtube-spam/config.yaml']);
 */
export async function main(argv: string[], err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram(
    {
      run: (words, rest, options) => {
        const name = words.join(' ');
        const entry = commandModule(name, options);
        return entry ? runModule(name, entry, rest) : runStages(name, rest, options);
      },
    },
    argv,
    (c) => (code = c),
  );
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_OK;
    }
    await program.parseAsync(helpCommandArgv(program, argv), { from: 'user' });
  } catch (error) {
    code = exitCodeOf(error);
    if (code !== EXIT_OK) {
      err.write(`pipeline: ${errorLine(error)}\n`);
      if (wantsStack(argv) && error instanceof Error && error.stack && !(error instanceof CommanderError)) err.write(`${error.stack}\n`);
    }
  }
  pinExitCode(code);
  return code;
}
