// `pipeline run|label|apply|analyze|fit|train config.yaml`: runs all stages or some, prints the report path on the last stdout line.

import type { CliArgs } from '../cliArgs.ts';
import { createLogger } from '../logger.ts';
import { createProgress, silentProgress } from '../progress.ts';
import { runPipeline, type StageName } from '../runPipeline.ts';
import { UsageError } from '../usageError.ts';

/** The stages each subcommand runs. */
export const STAGE_COMMANDS: Readonly<Record<string, readonly StageName[]>> = {
  run: ['apply', 'analyze', 'fit', 'train'],
  label: ['apply', 'analyze', 'fit'],
  apply: ['apply', 'analyze'],
  analyze: ['analyze'],
  fit: ['analyze', 'fit'],
  train: ['analyze', 'train'],
};

/**
 * Runs the stages of `command` on the config named in `args`, writes a one-line summary and, last, the report path to stdout.
 *
 * @example
 * await runCommand('run', parseCliArgs(['examples/youtube-spam/config.yaml'])); // 0
 */
export async function runCommand(command: string, args: CliArgs, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const [configFile, extra] = args.positional;
  if (!configFile || extra !== undefined) throw new UsageError(`usage: pipeline ${command} <config.yaml> [--log-level info] [--run <run-id>] [--debug]`);
  const logger = createLogger(args.logLevel);
  const result = await runPipeline(configFile, {
    logger,
    stages: STAGE_COMMANDS[command],
    fromRun: args.fromRun,
    keepLabels: args.keepLabels,
    progress: args.quiet ? silentProgress : createProgress,
  });
  const lm = result.report.labelModel;
  const summary = lm ? Object.entries(lm).filter(([, v]) => typeof v === 'object' && v !== null).map(([split, m]) => `${split} accuracy ${(m as { accuracy: number }).accuracy.toFixed(4)}`) : [];
  out.write(`run ${result.runId}${lm ? ` · ${lm.name}: ${summary.join(', ') || 'no gold labels to score on'}` : ''}\n`);
  out.write(`${result.reportPath}\n`);
  return 0;
}
