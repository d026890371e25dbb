// Renders the iterate report as one self-contained HTML page: the learning curve (SVG and table), the pending batch and the LFs to fix.

import { escapeHtml, figure, REPORT_STYLE, table } from '../report/htmlParts.ts';
import { lineChart } from '../report/svgPlots.ts';
import type { IterationReport, LearningCurveRow } from './iterationReport.ts';
import { MIN_VOTES_TO_FLAG } from './lfGoldSummary.ts';

const STYLE = `${REPORT_STYLE}.fix{color:#b00}`;

/**
 * The page; every text is HTML-escaped and there is no script.
 *
 * @example
 * await writeFile('report.html', renderIterationReportHtml(report));
 */
export function renderIterationReportHtml(report: IterationReport): string {
  const curve = report.learningCurve;
  const plotted = curve.filter((row) => row.macroF1 !== null);
  const svg =
    plotted.length > 0
      ? lineChart(
          `${report.name}: learning curve on the ${curve[0]?.split ?? ''} gold (${report.strategy})`,
          'gold labels',
          [
            { name: 'macro F1', color: '#c0392b', values: (row: LearningCurveRow) => row.macroF1 },
            { name: 'accuracy', color: '#3867d6', values: (row: LearningCurveRow) => row.accuracy },
          ].map(({ name, color, values }) => ({
            name,
            color,
            points: plotted.map((row) => ({ x: row.goldSize, y: values(row) ?? 0, label: `iteration ${row.iteration}, ${row.goldSize} gold labels` })),
          })),
        )
      : '<p>No iteration trained yet: tag the pending batch, then run <code>pipeline iterate</code> again.</p>';
  const curveTable = table(
    ['iteration', 'gold labels', 'split', 'macro F1', 'accuracy', 'ECE'],
    curve.map((row) => [String(row.iteration), String(row.goldSize), row.split ?? '–', figure(row.macroF1), figure(row.accuracy), figure(row.ece)]),
  );
  const pending = report.pending
    ? `<p>Iteration ${report.pending.iteration}: ${report.pending.records} records wait in tagger project <b>${escapeHtml(report.project)}</b> (${report.pending.tagged} tagged).</p>`
    : '';
  const stopped = report.stopped ? `<p>No further batch: ${escapeHtml(report.stopped)}.</p>` : '';
  const { lfSummary } = report;
  const lfRows = lfSummary.lfs
    .map(
      (lf) =>
        `<tr${lf.fix ? ' class="fix"' : ''}>${[lf.name, figure(lf.coverage), `${figure(lf.dev.accuracy)} (${lf.dev.votes})`, `${figure(lf.tagged.accuracy)} (${lf.tagged.votes})`, lf.fix ? 'fix' : ''].map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const lfTable = `<table><thead><tr>${['LF', 'train coverage', `accuracy on ${lfSummary.devSplit ?? 'dev'} gold (votes)`, 'accuracy on tagged (votes)', ''].map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>\n${lfRows}\n</tbody></table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`Skimmer active learning: ${report.project}`)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(report.name)}: active learning in ${escapeHtml(report.project)}</h1>
<p>Config ${escapeHtml(report.config)} · strategy ${escapeHtml(report.strategy)} · annotator ${escapeHtml(report.annotator)} · run ${escapeHtml(report.runId)} · ${escapeHtml(report.generatedAt)}</p>
${pending}${stopped}
<h2>Learning curve</h2>
${svg}
${curveTable}
<h2>Labeling functions to fix</h2>
<p>Empirical accuracy below ${figure(lfSummary.threshold)} on the ${escapeHtml(lfSummary.devSplit ?? 'dev')} gold split or on the records tagged so far (at least ${MIN_VOTES_TO_FLAG} votes) is marked <span class="fix">fix</span>.</p>
${lfTable}
</body></html>
`;
}
