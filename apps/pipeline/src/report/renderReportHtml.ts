// Renders a run report as one self-contained HTML page (inline CSS, no scripts); every text is HTML-escaped.

import { escapeHtml, figure, REPORT_STYLE, table } from './htmlParts.ts';
import { MAX_PROBABILITY_BINS } from './labelDistribution.ts';
import type { RunReport } from './runReport.ts';
import { barChart, confusionMatrixChart, countChart } from './svgPlots.ts';

export { escapeHtml } from './htmlParts.ts';

/** The split the confusion matrices are drawn for: test when it has gold, else the first gold split. */
function confusionSplit(report: RunReport, goldSplits: readonly string[]): keyof RunReport['splits'] | undefined {
  return (goldSplits.includes('test') ? 'test' : goldSplits[0]) as keyof RunReport['splits'] | undefined;
}

/** The confusion matrices of the first label model and of the classifier on the test split (else the first gold split). */
function confusionSection(report: RunReport, goldSplits: readonly string[]): string {
  const split = confusionSplit(report, goldSplits);
  if (!split || !report.confusion) return '';
  const labelModel = report.confusion.labelModel[split];
  const classifier = report.confusion.classifier?.[split];
  const charts = [
    labelModel ? confusionMatrixChart(`Label model ${report.labelModel?.name ?? ''} on ${split} gold`, report.labels, labelModel) : '',
    classifier && report.classifier ? confusionMatrixChart(`Classifier ${report.classifier.type} on ${split} gold`, report.labels, classifier) : '',
  ].join('\n');
  return `<h2>Confusion matrices (${escapeHtml(split)})</h2>\n<div class="plots">${charts}</div>`;
}

/** Histogram of the top probability and predicted-class counts of the first label model's train labels. */
function labelDistributionSection(report: RunReport): string {
  const d = report.labelDistribution;
  if (!d) return '';
  const bins = Array.from(
    { length: MAX_PROBABILITY_BINS },
    (_, b) => `${(b / MAX_PROBABILITY_BINS).toFixed(1)}–${((b + 1) / MAX_PROBABILITY_BINS).toFixed(1)}`,
  );
  const classes = d.abstained > 0 ? [...report.labels, 'abstain'] : report.labels;
  const counts = d.abstained > 0 ? [...d.predicted, d.abstained] : d.predicted;
  return `<h2>Probabilistic labels (${escapeHtml(report.labelModel?.name ?? 'label model')}, train)</h2>
<p>${d.covered} of ${d.rows} train rows have at least one LF vote; the other ${d.rows - d.covered} carry only the class prior and are left out below (the classifier trains on the covered rows).</p>
<div class="plots">${countChart('Top class probability (rows per bin)', bins, d.maxProbability, '#8854d0')}
${countChart('Predicted class (rows)', classes, counts, '#3867d6')}</div>`;
}

/**
 * The report page: run facts, the label models' metrics per gold split, the LF summary table, the probabilistic
 * labels' distribution, the confusion matrices and the classifier.
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
${labelDistributionSection(report)}
${confusionSection(report, goldSplits)}
${classifier}
</body></html>
`;
}
