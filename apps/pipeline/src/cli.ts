// Entry point of the `pipeline` CLI: parses the subcommand and flags, dispatches, and turns errors into one-line messages and exit codes.

import { readFileSync } from 'node:fs';
import { SkimmerError } from '@skimmer/core';
import { parseCliArgs } from './cliArgs.ts';
import { runCommand, STAGE_COMMANDS } from './commands/runCommand.ts';
import { UsageError } from './usageError.ts';

const HELP = `usage: pipeline <command> <config.yaml> [options]

commands:
  run        all stages: apply LFs, analyze, fit label models, train the classifier, report
  label      apply, analyze and fit (no classifier)
  apply      apply the LFs (and analyze them)
  analyze    LF analysis of an earlier run's label matrices
  fit        fit the label models on an earlier run's label matrices
  train      train the classifier on an earlier run's probabilistic labels
  prepare    build dataset splits (pipeline prepare config.yaml)
  ingest     ingest posts into the store (--duration 20m, --role all|collect|store, --until-caught-up)
  serve      serve a trained classifier (HTTP API, metrics, dashboard)
  classify-stream   classify the live stream into predictions and labelled links
  labelmodel bench   compare label models (pipeline labelmodel bench ...)
  dataset    inspect FILE [--json] | convert IN OUT: look into / convert CSV, JSONL and Parquet files
  export     a run's probabilistic labels or label matrix to Parquet / CSV / JSONL (pipeline export config.yaml --out labels.parquet)
  runs prune   delete the stored labels of older runs of the config's dataset (--keep N, default labelOutputs.keepRuns or 1)
  iterate    active learning: push the next K records to the tagger, retrain on the tags (--k, --strategy, --iterations, --simulate)

options:
  --log-level <fatal|error|warn|info|debug|trace|silent>   structured logs on stderr (default info)
  --run <run-id>   the earlier run a single stage reads from (default: the latest)
  --quiet          no progress output
  --keep-labels    keep the labels of earlier runs of the same dataset (default: a run's labels replace them)
  --debug          print stack traces

The report path is the last line of stdout. Exit codes: 0 ok, 1 unexpected failure, 2 config / data / usage error.`;

/** Subcommands implemented by other modules of apps/pipeline, imported only when used. */
const DELEGATED: Readonly<Record<string, { module: string; exportName: string }>> = {
  prepare: { module: './commands/prepare.ts', exportName: 'prepareCommand' },
  ingest: { module: './commands/ingest.ts', exportName: 'ingestCommand' },
  serve: { module: './commands/serve.ts', exportName: 'serveCommand' },
  'classify-stream': { module: './commands/classifyStream.ts', exportName: 'classifyStreamCommand' },
  'labelmodel bench': { module: './commands/labelmodelBench.ts', exportName: 'labelmodelBenchCommand' },
  iterate: { module: './commands/iterate.ts', exportName: 'iterateCommand' },
  dataset: { module: './commands/dataset.ts', exportName: 'datasetCommand' },
  export: { module: './commands/export.ts', exportName: 'exportCommand' },
  'runs prune': { module: './commands/runsPrune.ts', exportName: 'runsPruneCommand' },
};

/** Delegated commands whose own parser prints a fuller usage for --help; every other command's --help is answered here. */
const OWN_HELP = new Set(['labelmodel bench', 'dataset', 'export']);

/** This package's version, from its package.json. */
export function cliVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** `pipeline <name> --help`: the command's line of the overview and the options every stage command takes. */
export function commandHelp(name: string): string {
  const line = HELP.split('\n').find((l) => l.startsWith(`  ${name} `));
  const what = line ? line.slice(name.length + 2).trim() : '';
  const options = HELP.slice(HELP.indexOf('options:'));
  return `usage: pipeline ${name} <config.yaml> [options]\n\n${what}\n\n${name in STAGE_COMMANDS ? options : 'See docs/ for its options; pipeline --help lists every command.'}`;
}

type CommandFn = (argv: readonly string[]) => Promise<number> | number;

async function delegate(name: string, argv: readonly string[]): Promise<number> {
  const { module, exportName } = DELEGATED[name];
  let mod: Record<string, unknown>;
  try {
    mod = await import(module);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(module.slice(2))) {
      throw new UsageError(`the '${name}' command is not available in this build (apps/pipeline/src/${module.slice(2)} is missing)`);
    }
    throw error;
  }
  const fn = (mod[exportName] ?? mod.default) as CommandFn | undefined;
  if (typeof fn !== 'function') throw new UsageError(`the '${name}' command module exports no ${exportName}(argv)`);
  return fn(argv);
}

/**
 * Runs the CLI and returns the exit code: 0 ok, 2 for config / data / usage errors (one line on stderr, no stack
 * trace unless --debug), 1 for anything unexpected.
 *
 * @example
 * process.exitCode = await main(['run', 'examples/youtube-spam/config.yaml']);
 */
export async function main(argv: string[], err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const debug = argv.includes('--debug');
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === 'help' || command === '-h') {
      console.log(HELP);
      return 0;
    }
    if (command === '--version' || command === '-V' || command === 'version') {
      console.log(cliVersion());
      return 0;
    }
    const name = (command === 'labelmodel' || command === 'runs') && rest[0] !== undefined ? `${command} ${rest[0]}` : command;
    const known = name in DELEGATED || name in STAGE_COMMANDS;
    if (known && !OWN_HELP.has(name) && (rest.includes('--help') || rest.includes('-h'))) {
      console.log(commandHelp(name));
      return 0;
    }
    if (command === 'labelmodel' && rest[0] === 'bench') return await delegate('labelmodel bench', rest.slice(1));
    if (command === 'runs' && rest[0] === 'prune') return await delegate('runs prune', rest.slice(1));
    if (command in DELEGATED) return await delegate(command, rest);
    if (command in STAGE_COMMANDS) return await runCommand(command, parseCliArgs(rest));
    throw new UsageError(`unknown command '${command}' (pipeline --help lists them)`);
  } catch (error) {
    const expected = error instanceof SkimmerError;
    err.write(`pipeline: ${expected ? error.message : `unexpected error: ${(error as Error)?.message ?? String(error)}`}\n`);
    if (debug && error instanceof Error && error.stack) err.write(`${error.stack}\n`);
    return expected ? 2 : 1;
  }
}
