// The `pipeline` command line as one commander program: every command and subcommand, its options and its --help.

import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { parseLogLevel } from './cliArgs.ts';
import { LABEL_ROLES, PREDICT_MODES } from './distributed/labelArgs.ts';
import { LOG_LEVELS } from './logger.ts';
import { UsageError } from './usageError.ts';

/** This package's version, from its package.json. */
export function cliVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** The stages each stage command runs, and its one-line description. */
export const STAGE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  run: 'all stages: apply LFs, analyze, fit label models, train the classifier, report',
  label: 'apply, analyze and fit (no classifier)',
  apply: 'apply the LFs (and analyze them)',
  analyze: 'LF analysis of an earlier run’s label matrices',
  fit: 'fit the label models on an earlier run’s label matrices',
  train: 'train the classifier on an earlier run’s probabilistic labels',
};

const logLevelOption = () =>
  new Option('--log-level <level>', 'structured logs on stderr; debug also prints stack traces of errors').choices(LOG_LEVELS).argParser(parseLogLevel);
const debugOption = () => new Option('--debug', 'print stack traces of errors');

/** An option: flags, description and default value. */
type OptionSpec = readonly [flags: string, description: string, defaultValue?: string];

/** A command with its options plus those every command takes (--log-level, --debug). */
function command(parent: Command, nameAndArgs: string, description: string, options: readonly OptionSpec[] = []): Command {
  const cmd = parent.command(nameAndArgs).description(description).addOption(logLevelOption()).addOption(debugOption());
  for (const [flags, about, defaultValue] of options) cmd.option(flags, about, defaultValue);
  return cmd;
}

export interface ProgramHandlers {
  /** Runs a command: its words (`['labelmodel', 'bench']`), and the arguments after them as the user wrote them. */
  readonly run: (words: readonly string[], rest: readonly string[], options: Record<string, unknown>) => Promise<number>;
}

/**
 * Builds the program. Commander checks arguments and options and answers --help / --version; each action hands the
 * command's words and raw arguments to `handlers.run`, which calls the command module (imported only when used).
 *
 * @example
 * const program = buildProgram({ run: async (words) => (console.log(words.join(' ')), 0) });
 */
export function buildProgram(handlers: ProgramHandlers, argv: readonly string[], setCode: (code: number) => void): Command {
  const program = new Command('pipeline')
    .description('Skimmer: weak supervision from a stream of posts to a deployed classifier. The report path is the last line of stdout.')
    .version(cliVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .showSuggestionAfterError(true)
    .addHelpText('after', '\nExit codes: 0 done, 1 failed while running, 2 bad usage / config / data (docs/cli.md).');
  const words = (n: number) => argv.slice(0, n);
  const action =
    (n: number) =>
    async (...args: unknown[]) => {
      const cmd = args.at(-1) as Command;
      setCode(await handlers.run(words(n), argv.slice(n), cmd.opts()));
    };

  for (const [name, description] of Object.entries(STAGE_DESCRIPTIONS)) {
    command(program, `${name} <config.yaml>`, description, [
      ['--run <run-id>', 'the earlier run a single stage reads from (default: the latest)'],
      ['--quiet', 'no progress output'],
      ['--keep-labels', 'keep the labels of earlier runs of the same dataset (default: a run’s labels replace them)'],
    ]).action(action(1));
  }
  program.commands
    .find((cmd) => cmd.name() === 'label')!
    .addOption(new Option('--role <role>', 'distributed labelling on Kafka (docs/scale.md): publish a split, run a worker, or fit').choices(LABEL_ROLES))
    .option('--topic <name>', 'with --role: the topic of the posts (default ingest.topic, else posts)')
    .option('--group <name>', 'with --role: the job, i.e. the workers’ consumer group (default label-<config name>)')
    .option('--split <split>', 'with --role publish: the split to publish (default train)')
    .option('--partitions <n>', 'with --role publish or worker: partitions of the topic when this process creates it (default 4)')
    .option('--batch-size <n>', 'with --role worker: records per batch (default 500)')
    .option('--until-caught-up', 'with --role worker: stop once the topic is stored up to its end and no fit waits for labels')
    .option('--until-labelled', 'with --role worker: stop once a fit covering the whole topic has labelled every partition')
    .addOption(
      new Option('--predict <who>', 'with --role fit: who labels the partitions: the workers and the fit (default), the workers only, or the fit only').choices(
        PREDICT_MODES,
      ),
    )
    .option('--duration <time>', 'with --role worker: stop after this long; with --role fit: wait this long for the workers (default 10m)')
    .addHelpText(
      'after',
      [
        '',
        'Without --role: the stages apply, analyze and fit in this process. With --role (a Kafka bus and a PostgreSQL store):',
        '  publish  put the split’s points on the topic',
        '  worker   a member of the job’s consumer group: labels its partitions’ records with the LFs, stores the votes and',
        '           their statistics, then labels partitions of the fitted model',
        '  fit      merges the statistics, fits the label model once, and waits until every partition is labelled',
      ].join('\n'),
    );
  command(program, 'prepare <config.yaml>', 'build dataset splits (Parquet) from a file or the store’s raw_posts').action(action(1));
  command(program, 'ingest <config.yaml>', 'ingest posts into the store: source → bus → store', [
    ['--duration <time>', 'stop after this long (20m, 90s, 1h, 500ms)', '20m'],
    ['--until-caught-up', 'with --role store: stop once the stored offsets reach the topic’s end'],
  ])
    .addOption(new Option('--role <role>', 'which half runs in this process').choices(['all', 'collect', 'store']).default('all'))
    .action(action(1));
  command(program, 'serve <config.yaml>', 'serve a trained classifier (HTTP API, metrics, dashboard)', [
    ['--port <n>', 'listen on this port (overrides serve.port; 0 picks a free one)'],
  ]).action(action(1));
  command(program, 'classify-stream <config.yaml>', 'classify the live stream into predictions and labelled links', [
    ['--duration <time>', 'stop after this long (default classifyStream.durationSeconds, else until interrupted)'],
  ]).action(action(1));
  const labelmodel = program.command('labelmodel').description('label model tools');
  command(labelmodel, 'bench', 'compare label models on a WRENCH folder (fit on train without gold, score on test)', [
    ['--wrench <dir>', 'a WRENCH folder with label.json, train.json, test.json'],
    ['--model <name>', "one model, or 'all'", 'all'],
    ['--seed <n>', 'seed of every random choice', '123'],
    ['--preds-out <file>', 'one JSON line per test row'],
    ['--json', 'one JSON object on the last line instead of a table'],
    ['--balance-from-valid', 'class balance from valid.json’s gold labels'],
    ['--tie-policy <policy>', 'random (snorkel’s sha1 rule) or abstain', 'random'],
  ]).action(action(2));
  const dataset = program.command('dataset').description('look into / convert CSV, JSONL and Parquet files');
  command(dataset, 'inspect <file>', 'format, rows, columns, Parquet row groups and the first rows', [
    ['--json', 'the description as one JSON object'],
    ['--rows <n>', 'how many first rows to print', '5'],
  ]).action(action(1));
  command(
    dataset,
    'convert <in> <out>',
    "convert between .csv, .jsonl / .ndjson and .parquet, keeping every column; CSV output defuses cells starting with = + - @ (a leading '); OUT must not be IN",
    [['--compression <codec>', 'Parquet codec: snappy, zstd, gzip, brotli, uncompressed']],
  ).action(action(1));
  command(program, 'export <config.yaml>', 'a run’s probabilistic labels or label matrix to Parquet / CSV / JSONL', [
    ['--what <what>', 'labels or matrix', 'labels'],
    ['--run <run-id>', 'the run (default: the latest that has them)'],
    ['--split <split>', 'train, dev, valid, test or all', 'train'],
    ['--text', 'add the text column'],
    ['--compression <codec>', 'Parquet codec'],
    ['--quiet', 'no progress output'],
  ])
    .requiredOption('--out <file>', 'the file to write (.parquet, .csv or .jsonl)')
    .action(action(1));
  const runs = program.command('runs').description('stored runs');
  command(runs, 'prune <config.yaml>', 'delete the stored labels of older runs of the config’s dataset', [
    ['--keep <n>', 'runs to keep (default labelOutputs.keepRuns or 1)'],
  ]).action(action(2));
  command(program, 'iterate <config.yaml>', 'active learning: push the next K records to the tagger, retrain on the tags', [
    ['--k <n>', 'records per batch'],
    ['--strategy <name>', 'margin, disagreement or random'],
    ['--iterations <n>', 'iterations to run'],
    ['--simulate', 'tag with the simulated annotator (gold labels of the data)'],
    ['--project <id>', 'the tagger project'],
    ['--run <run-id>', 'the run to start from (default: the latest)'],
    ['--quiet', 'no progress output'],
  ]).action(action(1));

  for (const cmd of [program, ...allCommands(program)]) {
    cmd.exitOverride().configureOutput({
      writeOut: (text) => console.log(text.replace(/\n$/, '')),
      writeErr: () => undefined, // main prints every error as one line
      outputError: () => undefined,
    });
    if (cmd !== program && cmd.commands.length > 0) cmd.addHelpCommand(false);
  }
  return program;
}

/**
 * `pipeline help [command words…]` read as `pipeline <command words…> --help`: the command's help on stdout and exit 0,
 * as `--help` gives (commander's own help command would end a group's help with an error). A word that names no
 * command is a UsageError; words after a command without subcommands are ignored.
 *
 * @example
 * helpCommandArgv(program, ['help', 'labelmodel', 'bench']); // ['labelmodel', 'bench', '--help']
 */
export function helpCommandArgv(program: Command, argv: readonly string[]): readonly string[] {
  if (argv[0] !== 'help') return argv;
  const words: string[] = [];
  let cmd = program;
  for (const word of argv.slice(1).filter((a) => !a.startsWith('-'))) {
    if (cmd.commands.length === 0) break;
    const sub = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) throw new UsageError(`unknown command '${[...words, word].join(' ')}' (pipeline --help lists the commands)`);
    words.push(word);
    cmd = sub;
  }
  return [...words, '--help'];
}

function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((sub) => [sub, ...allCommands(sub)]);
}
