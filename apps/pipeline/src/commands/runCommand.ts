// `pipeline run|label|apply|analyze|fit|train config.yaml`: runs all stages or some, prints the report path on the last stdout line.

import type { CliArgs } from '../cliArgs.ts';
import { SPLIT_NAMES } from '../config/pipelineConfigSchema.ts';
import { autoChoicePhrase } from '../labelModels/autoChoice.ts';
import { createLogger } from '../logger.ts';
import { createProgress, silentProgress } from '../progress.ts';
import type { RunReport } from '../report/runReport.ts';
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
 * The one line `pipeline run` prints: the label model's accuracy per gold split, then the classifier's test (else
 * valid) accuracy and F1, its headline result.
 *
 * @example
 * runSummaryLine(id, report); // 'run 2026… · snorkel: valid accuracy 0.8833, test accuracy 0.8600 · classifier linear: test accuracy 0.8920, F1 0.8870'
 */
export function runSummaryLine(runId: string, report: Pick<RunReport, 'labelModel' | 'classifier'>): string {
  const lm = report.labelModel;
  const summary = lm
    ? Object.entries(lm)
        .filter(([split, v]) => (SPLIT_NAMES as readonly string[]).includes(split) && typeof v === 'object' && v !== null)
        .map(([split, m]) => `${split} accuracy ${(m as { accuracy: number }).accuracy.toFixed(4)}`)
    : [];
  const clf = report.classifier;
  const split = clf ? (['test', 'valid', 'dev'] as const).find((name) => clf.metrics[name] !== undefined) : undefined;
  const clfPart = clf
    ? ` · classifier ${clf.type}: ${split ? `${split} accuracy ${clf.metrics[split]!.accuracy.toFixed(4)}, F1 ${clf.metrics[split]!.f1.toFixed(4)}` : 'no gold labels to score on'}`
    : '';
  const autoPart = lm?.auto ? ` · ${lm.name} ${autoChoicePhrase(lm.auto, lm.devSplit)}` : '';
  return `run ${runId}${lm ? ` · ${lm.name}: ${summary.join(', ') || 'no gold labels to score on'}` : ''}${autoPart}${clfPart}`;
}

/**
 * Runs the stages of `command` on the config named in `args`, writes a one-line summary and, last, the report path to stdout.
 *
 * @example
 * await runCommand('run', parseCliArgs(['examples/youtube-spam/config.yaml'])); // 0
 */
export async function runCommand(command: string, args: CliArgs, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const [configFile, extra] = args.positional;
  if (!configFile || extra !== undefined) throw new UsageError(`usage: pipeline ${command} <config.yaml> [--log-level info] [--run <run-id>] [--debug]`);
  // --quiet: only the result on stdout, no logs and no progress (errors still end the run with one line).
  const logger = createLogger(args.quiet ? 'silent' : args.logLevel);
  const result = await runPipeline(configFile, {
    logger,
    stages: STAGE_COMMANDS[command],
    fromRun: args.fromRun,
    keepLabels: args.keepLabels,
    progress: args.quiet ? silentProgress : createProgress,
  });
  out.write(`${runSummaryLine(result.runId, result.report)}\n`);
  out.write(`${result.reportPath}\n`);
  return 0;
}
