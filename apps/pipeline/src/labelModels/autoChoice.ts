// What a fitted `auto` label model chose and every candidate's dev score, for report.json and the run's summary line.

import type { LabelModel } from '@skimmer/core';
import { AutoLabelModel } from '@skimmer/labelmodel';
import type { AutoReport } from '@skimmer/labelmodel';

/** `auto`'s report (rule, metric, best, chosen, every candidate's dev score, standard error and warnings); undefined for other models. */
export function autoReportOf(model: LabelModel): AutoReport | undefined {
  return model instanceof AutoLabelModel ? model.report : undefined;
}

/**
 * One phrase for the run's summary line: the choice, the rule and each candidate's dev score ('degenerate' or
 * 'failed' for a candidate that could not be chosen).
 *
 * @example
 * autoChoicePhrase(report, 'valid'); // 'chose snorkel (one-se; valid f1: mv 0.7742, fs 0.7045, snorkel 0.84, …)'
 */
export function autoChoicePhrase(report: AutoReport, devSplit: string | undefined): string {
  const scores = report.candidates.map((c) => `${c.name} ${c.devScore === null ? 'failed' : c.warnings.length > 0 ? 'degenerate' : c.devScore}`);
  return `chose ${report.chosen} (${report.rule}; ${devSplit ?? 'dev'} ${report.metric}: ${scores.join(', ')})`;
}
