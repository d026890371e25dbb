// Renders a run report as one self-contained HTML page (inline CSS, no scripts); every text is HTML-escaped.

import { escapeHtml, figure, REPORT_STYLE, table } from './htmlParts.ts';
import type { RunReport } from './runReport.ts';
import { barChart } from './svgPlots.ts';

export { escapeHtml } from './htmlParts.ts';

/**
 * The report page: run facts, the label models' metrics per gold split, the LF summary table and the classifier.
 *
 * @example
 * await writeFile('report.html', renderReportHtml(report));
 */
export function renderReportHtml(report: RunReport): string {
  const goldSplits = Object.entries(report.splits)
    .filter(([, s]) => s.gold > 0)
    .map(([name]) => name as keyof RunReport['splits']);
  const models = table(
    ['model', ...goldSplits.flatMap((s) => [`${s} accuracy`, `${s} F1`])],
    report.labelModels.map((m) => [m.baseline ? `${m.name} (baseline)` : m.name, ...goldSplits.flatMap((s) => [figure(m[s]?.accuracy), figure(m[s]?.f1)])]),
  );
  const accuracyHeader = report.empiricalAccuracySplit ? `emp. accuracy (${report.empiricalAccuracySplit})` : 'emp. accuracy';
  const lfs = table(
    ['LF', 'polarity', 'coverage', 'overlaps', 'conflicts', accuracyHeader],
    report.lfSummary.map((lf) => [
      lf.name,
      lf.polarity.map((k) => report.labels[k] ?? String(k)).join(', '),
      figure(lf.coverage),
      figure(lf.overlaps),
      figure(lf.conflicts),
      figure(lf.empiricalAccuracy),
    ]),
  );
  const lfPlot =
    report.lfSummary.length === 0
      ? ''
      : barChart(
          'Per LF: coverage (train) and empirical accuracy' + (report.empiricalAccuracySplit ? ` (${report.empiricalAccuracySplit})` : ''),
          report.lfSummary.map((lf) => `${lf.name} → ${lf.polarity.map((k) => report.labels[k] ?? String(k)).join(', ')}`),
          [
            { name: 'coverage', color: '#3867d6', values: report.lfSummary.map((lf) => lf.coverage) },
            { name: 'empirical accuracy', color: '#20bf6b', values: report.lfSummary.map((lf) => lf.empiricalAccuracy) },
          ],
        );
  const scorePlot =
    goldSplits.length === 0
      ? ''
      : barChart('F1 on the gold splits: label models and classifier', goldSplits, [
          ...report.labelModels.map((m, i) => ({
            name: m.baseline ? `${m.name} (baseline)` : m.name,
            color: ['#8854d0', '#a5b1c2', '#0fb9b1'][i % 3],
            values: goldSplits.map((s) => m[s]?.f1 ?? null),
          })),
          ...(report.classifier
            ? [{ name: `classifier ${report.classifier.type}`, color: '#fa8231', values: goldSplits.map((s) => report.classifier!.metrics[s]?.f1 ?? null) }]
            : []),
        ]);
  const splits = table(
    ['split', 'rows', 'gold labels'],
    Object.entries(report.splits).map(([name, s]) => [name, String(s.n), String(s.gold)]),
  );
  const classifier = report.classifier
    ? `<h2>Classifier: ${escapeHtml(report.classifier.type)}</h2>` +
      table(
        ['split', 'accuracy', 'F1'],
        Object.entries(report.classifier.metrics).map(([name, m]) => [name, figure(m?.accuracy), figure(m?.f1)]),
      )
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`Skimmer run ${report.runId}`)}</title><style>${REPORT_STYLE}</style></head>
<body>
<h1>${escapeHtml(report.name)}: run ${escapeHtml(report.runId)}</h1>
<p>Config ${escapeHtml(report.config)} · labels ${escapeHtml(report.labels.join(', '))} · ${escapeHtml(report.startedAt)} → ${escapeHtml(report.finishedAt)}</p>
<h2>Data</h2>${splits}
<h2>Label models</h2>${models}
${scorePlot}
<h2>Labeling functions (train)</h2>
<p>Label coverage ${figure(report.labelCoverage.coverage)} · overlap ${figure(report.labelCoverage.overlap)} · conflict ${figure(report.labelCoverage.conflict)} · LF failures ${report.lfFailures}</p>
${lfPlot}
${lfs}
${classifier}
</body></html>
`;
}
