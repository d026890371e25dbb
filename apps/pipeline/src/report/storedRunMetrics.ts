// What a finished run stores in `runs.metrics`: the report's scores, its LF table and the few scores the dashboard plots.

import type { SplitMetrics } from '../stages/splitMetrics.ts';
import type { RunReport } from './runReport.ts';

/** Gold splits the dashboard's curve scores on, in order of preference. */
const CURVE_SPLITS = ['test', 'valid', 'dev'] as const;

/**
 * The `curve` the dashboard's runs chart plots: F1 and accuracy of the label model and of the classifier on the
 * first gold split they were scored on (`labelModel.test.f1`, `classifier.test.f1`, …).
 */
export function runCurve(report: Pick<RunReport, 'labelModel' | 'classifier'>): Record<string, number> {
  const curve: Record<string, number> = {};
  const add = (prefix: string, scores: Partial<Record<string, SplitMetrics>> | null | undefined) => {
    const split = CURVE_SPLITS.find((name) => scores?.[name] !== undefined);
    if (!split) return;
    const m = scores![split]!;
    if (Number.isFinite(m.f1)) curve[`${prefix}.${split}.f1`] = m.f1;
    if (Number.isFinite(m.accuracy)) curve[`${prefix}.${split}.accuracy`] = m.accuracy;
  };
  add('labelModel', report.labelModel as Partial<Record<string, SplitMetrics>> | null);
  add('classifier', report.classifier?.metrics);
  return curve;
}

/**
 * The metrics `pipeline run` records with the run: label model(s) and classifier scores as in report.json, plus
 * `lfSummary` (the dashboard's LF table) and `curve` (its runs chart), the keys `@skimmer/plugins-serve` reads.
 *
 * @example
 * await store.runs.finish(runId, { status: 'succeeded', metrics: storedRunMetrics(report) });
 */
export function storedRunMetrics(report: RunReport): Record<string, unknown> {
  return {
    labelModel: report.labelModel,
    labelModels: report.labelModels,
    classifier: report.classifier?.metrics ?? null,
    lfSummary: report.lfSummary,
    curve: runCurve(report),
  };
}
