// The iterate report: the learning curve so far, every iteration, the batch waiting for tags and the LFs to fix, as report.json / report.html.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SplitName } from '../config/pipelineConfigSchema.ts';
import type { IterationMetrics } from './iterationMetrics.ts';
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
  /** The run's own classifier (label-model labels only, no gold) on the gold splits: the curve's iteration 0; null without one. */
  readonly baseline: IterationMetrics | null;
  readonly learningCurve: LearningCurveRow[];
  readonly iterations: readonly IterationRecord[];
  readonly pending: PendingBatch | null;
  /** Why no further batch was pushed (a stop rule, an empty pool), or null. */
  readonly stopped: string | null;
  readonly lfSummary: LfGoldSummary;
}

function curveRow(iteration: number, goldSize: number, metrics: IterationMetrics | null): LearningCurveRow {
  const split = metrics?.evaluationSplit ?? null;
  const m = split ? metrics?.splits[split] : undefined;
  return { iteration, goldSize, split, macroF1: m?.macroF1 ?? null, accuracy: m?.accuracy ?? null, ece: m?.ece ?? null };
}

/**
 * The curve's rows: iteration 0 (the run's classifier, no gold) when `baseline` is given, then the trained
 * iterations, each with the evaluation split's macro F1, accuracy and ECE.
 *
 * @example
 * learningCurve(iterations, null)[0]; // { iteration: 1, goldSize: 20, split: 'test', macroF1: 0.9…, accuracy: 0.9…, ece: 0.0… }
 */
export function learningCurve(iterations: readonly IterationRecord[], baseline: IterationMetrics | null): LearningCurveRow[] {
  const trained = iterations.filter((it) => it.goldSize !== null).map((it) => curveRow(it.iteration, it.goldSize!, it.metrics));
  return baseline ? [curveRow(0, 0, baseline), ...trained] : trained;
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
