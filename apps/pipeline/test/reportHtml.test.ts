// The HTML report escapes every text it shows, so LF names or run names from users cannot inject markup.

import { describe, expect, test } from 'vitest';
import { escapeHtml, renderReportHtml } from '../src/report/renderReportHtml.ts';
import type { RunReport } from '../src/report/runReport.ts';

const report: RunReport = {
  runId: 'r1',
  name: '<img src=x onerror=alert(1)>',
  config: '/c/config.yaml',
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:00:01Z',
  labels: ['ham', 'spam'],
  splits: { train: { n: 2, gold: 0 }, test: { n: 2, gold: 2 } },
  lfSummary: [{ name: '<script>alert("x")</script>', polarity: [1], coverage: 0.5, overlaps: 0, conflicts: 0, empiricalAccuracy: null }],
  empiricalAccuracySplit: 'test',
  labelCoverage: { coverage: 0.5, overlap: 0, conflict: 0 },
  labelModel: { name: 'snorkel', type: 'snorkel', baseline: false, test: { accuracy: 1, f1: 1, macroF1: 1, coverage: 1, n: 2 } },
  labelModels: [{ name: 'snorkel', type: 'snorkel', baseline: false, test: { accuracy: 1, f1: 1, macroF1: 1, coverage: 1, n: 2 } }],
  classifier: null,
  lfFailures: 0,
  artifacts: {},
};

describe('renderReportHtml', () => {
  test('escapes &, <, >, quotes', () => {
    expect(escapeHtml(`<b>"x" & 'y'</b>`)).toBe('&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;');
  });

  test('user-given names appear escaped, never as markup', () => {
    const html = renderReportHtml(report);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td>');
  });

  test('shows each model\'s metrics on the gold splits only', () => {
    const html = renderReportHtml(report);
    expect(html).toContain('<th>test accuracy</th><th>test F1</th>');
    expect(html).not.toContain('train accuracy');
    expect(html).toContain('<td>snorkel</td><td>1.0000</td><td>1.0000</td>');
  });
});
