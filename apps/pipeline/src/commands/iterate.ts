// `pipeline iterate config.yaml`: one active-learning step through the tagger; prints what happened, the learning curve, the LFs to fix, then the report path.

import { createLogger } from '../logger.ts';
import { parseIterateArgs } from '../iterate/iterateArgs.ts';
import { MIN_VOTES_TO_FLAG } from '../iterate/lfGoldSummary.ts';
import type { IterateResult } from '../iterate/runIterate.ts';
import { runIterate } from '../iterate/runIterate.ts';
import { UsageError } from '../usageError.ts';

const USAGE =
  'usage: pipeline iterate <config.yaml> [--k 50] [--strategy margin|disagreement|random] [--iterations N] [--simulate] [--project ID] [--run <run-id>] [--log-level info]';

const f4 = (v: number | null | undefined): string => (v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(4));

/**
 * The lines `pipeline iterate` prints before the report path.
 *
 * @example
 * iterateSummaryLines(result); // ['iteration 1: trained on 20 gold labels · test macro F1 0.9012 …', …]
 */
export function iterateSummaryLines(result: IterateResult): string[] {
  const lines: string[] = [];
  const pushedNow = new Map(result.pushed.map((it) => [it.iteration, it]));
  for (const it of result.trained) {
    const split = it.metrics?.evaluationSplit;
    const m = split ? it.metrics?.splits[split] : undefined;
    const batch = pushedNow.get(it.iteration);
    const pushedPart = batch
      ? `pushed ${batch.selectedIds.length} records (${batch.strategy}), ${result.settings.annotator === 'simulated' ? 'tagged by the simulated annotator, ' : ''}`
      : '';
    lines.push(
      `iteration ${it.iteration}: ${pushedPart}trained on ${it.goldSize} gold labels${m ? ` · ${split} macro F1 ${f4(m.macroF1)}, accuracy ${f4(m.accuracy)}, ECE ${f4(m.ece)}` : ' · no gold split to score on'}`,
    );
    pushedNow.delete(it.iteration);
  }
  for (const batch of pushedNow.values())
    lines.push(`iteration ${batch.iteration}: pushed ${batch.selectedIds.length} records (${batch.strategy}) to tagger project ${result.project}`);
  if (result.waiting) {
    const w = result.waiting;
    const fresh = result.pushed.some((it) => it.iteration === w.iteration) ? '' : 'no new tags since the last iteration; ';
    lines.push(
      `iteration ${w.iteration}: ${fresh}${w.records} records wait in tagger project ${result.project} (${w.tagged} tagged): tag them in the tagger, then run \`pipeline iterate\` again`,
    );
  }
  if (result.stopped) lines.push(`no further batch: ${result.stopped}`);
  const curve = result.report.learningCurve;
  if (curve.length > 0) {
    lines.push(`learning curve (${curve[curve.length - 1].split ?? 'no gold split'}):`, '  iteration  gold  macro F1  accuracy  ECE');
    for (const row of curve)
      lines.push(
        `  ${String(row.iteration).padEnd(9)}  ${String(row.goldSize).padEnd(4)}  ${f4(row.macroF1).padEnd(8)}  ${f4(row.accuracy).padEnd(8)}  ${f4(row.ece)}`,
      );
  }
  const { lfSummary } = result.report;
  const fix = lfSummary.lfs.filter((lf) => lf.fix);
  const where = `${lfSummary.devSplit ?? 'dev'} gold`;
  lines.push(
    fix.length === 0
      ? `LFs: none below ${lfSummary.threshold} empirical accuracy (on ≥ ${MIN_VOTES_TO_FLAG} votes) on ${where} or on the tagged records`
      : `LFs to fix (empirical accuracy below ${lfSummary.threshold} on ≥ ${MIN_VOTES_TO_FLAG} votes; ${where} / tagged): ${fix.map((lf) => `${lf.name} ${f4(lf.dev.accuracy)} / ${f4(lf.tagged.accuracy)}`).join(', ')}`,
  );
  return lines;
}

/**
 * Runs one iteration step and prints a summary; the report path is the last line. Exit 0 also when the batch waits for people.
 *
 * @example
 * await iterateCommand(['examples/youtube-spam/config.yaml', '--simulate', '--k', '20']); // 0
 */
export async function iterateCommand(argv: readonly string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { common, overrides } = parseIterateArgs(argv);
  const [configFile, extra] = common.positional;
  if (!configFile || extra !== undefined) throw new UsageError(USAGE);
  const result = await runIterate(configFile, { logger: createLogger(common.logLevel), overrides, fromRun: common.fromRun });
  for (const line of iterateSummaryLines(result)) out.write(`${line}\n`);
  out.write(`${result.reportPath}\n`);
  return 0;
}
