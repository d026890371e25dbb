// The iterate report: the learning curve so far, every iteration, the batch waiting for tags and the LFs to fix, as report.json / report.html.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SplitName } from '../config/pipelineConfigSchema.ts';
import type { IterationRecord } from './iterationStore.ts';
import type { LfGoldSummary } from './lfGoldSummary.ts';
import { renderIterationReportHtml } from './renderIterationReportHtml.ts';

/** One trained iteration on the learning curve. */
export interface LearningCurveRow {
  readonly iteration: number;
  readonly goldSize: number;
  readonly split: SplitName | null;
  readonly macroF1: number | null;
  readonly accuracy: number | null;
  readonly ece: number | null;
}

/** The batch pushed to the tagger that no training has used yet. */
export interface PendingBatch {
  readonly iteration: number;
  readonly records: number;
  /** Of those, how many have a settled label. */
  readonly tagged: number;
}

export interface IterationReport {
  readonly name: string;
  readonly config: string;
  readonly project: string;
  readonly strategy: string;
  readonly annotator: 'tagger' | 'simulated';
  readonly generatedAt: string;
  /** The run whose label-model labels this invocation used. */
  readonly runId: string;
  readonly learningCurve: LearningCurveRow[];
  readonly iterations: readonly IterationRecord[];
  readonly pending: PendingBatch | null;
  /** Why no further batch was pushed (a stop rule, an empty pool), or null. */
  readonly stopped: string | null;
  readonly lfSummary: LfGoldSummary;
}

/**
 * The curve's rows: trained iterations with the evaluation split's macro F1, accuracy and ECE.
 *
 * @example
 * learningCurve(iterations)[0]; // { iteration: 1, goldSize: 20, split: 'test', macroF1: 0.9…, accuracy: 0.9…, ece: 0.0… }
 */
export function learningCurve(iterations: readonly IterationRecord[]): LearningCurveRow[] {
  return iterations.filter((it) => it.goldSize !== null).map((it) => {
    const split = it.metrics?.evaluationSplit ?? null;
    const m = split ? it.metrics?.splits[split] : undefined;
    return { iteration: it.iteration, goldSize: it.goldSize!, split, macroF1: m?.macroF1 ?? null, accuracy: m?.accuracy ?? null, ece: m?.ece ?? null };
  });
}

/**
 * Writes `report.json` and `report.html` into `dir` (created if missing) and returns their paths.
 *
 * @example
 * const { json } = await writeIterationReport('examples/youtube-spam/runs/iterate/youtube-spam-active-learning', report);
 */
export async function writeIterationReport(dir: string, report: IterationReport): Promise<{ json: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const json = path.join(dir, 'report.json');
  const html = path.join(dir, 'report.html');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(html, renderIterationReportHtml(report));
  return { json, html };
}
