// Renders a run report as one self-contained HTML page (inline CSS, no scripts); every text is HTML-escaped.

import type { RunReport } from './runReport.ts';

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @example
 * escapeHtml('<b>"x" & y</b>'); // '&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;'
 */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function figure(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(4);
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:1rem 0}
th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}th{background:#f4f4f4}`;

/**
 * The report page: run facts, the label models' metrics per gold split, the LF summary table and the classifier.
 *
 * @example
 * await writeFile('report.html', renderReportHtml(report));
 */
export function renderReportHtml(report: RunReport): string {
  const goldSplits = Object.entries(report.splits).filter(([, s]) => s.gold > 0).map(([name]) => name as keyof RunReport['splits']);
  const models = table(
    ['model', ...goldSplits.flatMap((s) => [`${s} accuracy`, `${s} F1`])],
    report.labelModels.map((m) => [m.baseline ? `${m.name} (baseline)` : m.name, ...goldSplits.flatMap((s) => [figure(m[s]?.accuracy), figure(m[s]?.f1)])]),
  );
  const accuracyHeader = report.empiricalAccuracySplit ? `emp. accuracy (${report.empiricalAccuracySplit})` : 'emp. accuracy';
  const lfs = table(
    ['LF', 'polarity', 'coverage', 'overlaps', 'conflicts', accuracyHeader],
    report.lfSummary.map((lf) => [lf.name, `[${lf.polarity.join(', ')}]`, figure(lf.coverage), figure(lf.overlaps), figure(lf.conflicts), figure(lf.empiricalAccuracy)]),
  );
  const splits = table(['split', 'rows', 'gold labels'], Object.entries(report.splits).map(([name, s]) => [name, String(s.n), String(s.gold)]));
  const classifier = report.classifier
    ? `<h2>Classifier: ${escapeHtml(report.classifier.type)}</h2>` +
      table(['split', 'accuracy', 'F1'], Object.entries(report.classifier.metrics).map(([name, m]) => [name, figure(m?.accuracy), figure(m?.f1)]))
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`Skimmer run ${report.runId}`)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(report.name)}: run ${escapeHtml(report.runId)}</h1>
<p>Config ${escapeHtml(report.config)} · labels ${escapeHtml(report.labels.join(', '))} · ${escapeHtml(report.startedAt)} → ${escapeHtml(report.finishedAt)}</p>
<h2>Data</h2>${splits}
<h2>Label models</h2>${models}
<h2>Labeling functions (train)</h2>
<p>Label coverage ${figure(report.labelCoverage.coverage)} · overlap ${figure(report.labelCoverage.overlap)} · conflict ${figure(report.labelCoverage.conflict)} · LF failures ${report.lfFailures}</p>
${lfs}
${classifier}
</body></html>
`;
}
