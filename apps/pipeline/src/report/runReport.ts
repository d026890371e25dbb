// The run report's JSON shape and how it is assembled from the stages' results.

import type { AutoReport } from '@skimmer/labelmodel';
import type { SplitName } from '../config/pipelineConfigSchema.ts';
import type { LFAnalysisReport, LFReportRow } from '../stages/analyzeStage.ts';
import type { ClassifierResult } from '../stages/classifierStage.ts';
import type { SplitConfusion } from '../stages/confusionMatrix.ts';
import type { FittedLabelModel } from '../stages/fitStage.ts';
import type { SplitMetrics } from '../stages/splitMetrics.ts';
import type { LabelDistribution } from './labelDistribution.ts';

/** One label model's results in the report. */
export interface LabelModelReport extends Partial<Record<SplitName, SplitMetrics>> {
  readonly name: string;
  readonly type: string;
  readonly baseline: boolean;
  /** 'ds-dev' / 'auto': the split whose gold they learned from (so its metrics are not held out). */
  readonly devSplit?: SplitName;
  /** 'auto': its choice, rule and every candidate's dev score. */
  readonly auto?: AutoReport;
}

/** `runs/<run-id>/report.json`. */
export interface RunReport {
  readonly runId: string;
  readonly name: string;
  readonly config: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly labels: readonly string[];
  readonly splits: Partial<Record<SplitName, { n: number; gold: number }>>;
  readonly lfSummary: readonly LFReportRow[];
  /** Split whose gold gives `lfSummary[].empiricalAccuracy`. */
  readonly empiricalAccuracySplit: SplitName | null;
  readonly labelCoverage: LFAnalysisReport['train'];
  /** The first configured label model: `labelModel.test.accuracy`, `labelModel.test.f1`, … */
  readonly labelModel: LabelModelReport | null;
  /** Every fitted model, the majority-vote baseline included. */
  readonly labelModels: readonly LabelModelReport[];
  readonly classifier: (Omit<ClassifierResult, 'dir' | 'confusion'> & { dir: string }) | null;
  /** Confusion matrices on the gold splits of the first label model and of the classifier (absent in older reports). */
  readonly confusion?: { readonly labelModel: SplitConfusion; readonly classifier: SplitConfusion | null };
  /** The first label model's probabilistic labels on train (null when the run fitted none; absent in older reports). */
  readonly labelDistribution?: LabelDistribution | null;
  readonly lfFailures: number;
  readonly artifacts: Record<string, string>;
}

/** The report entry of one fitted model. */
export function labelModelReport(fitted: FittedLabelModel): LabelModelReport {
  const dev = { ...(fitted.devSplit ? { devSplit: fitted.devSplit } : {}), ...(fitted.auto ? { auto: fitted.auto } : {}) };
  return { name: fitted.name, type: fitted.type, baseline: fitted.baseline, ...dev, ...fitted.metrics };
}

/** The classifier's entry in the report: its confusion matrices go to the report's `confusion`. */
export function classifierReport({ confusion: _, ...result }: ClassifierResult): NonNullable<RunReport['classifier']> {
  return result;
}
