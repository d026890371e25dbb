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

  test("shows each model's metrics on the gold splits only", () => {
    const html = renderReportHtml(report);
    expect(html).toContain('<th>test accuracy</th><th>test F1</th>');
    expect(html).not.toContain('train accuracy');
    expect(html).toContain('<td>snorkel</td><td>1.0000</td><td>1.0000</td>');
  });
});

describe('the report plots and label names', () => {
  test("shows an LF's polarity by label name and draws its coverage and accuracy as inline SVG", () => {
    const html = renderReportHtml({
      ...report,
      lfSummary: [{ name: 'kw_check', polarity: [1], coverage: 0.25, overlaps: 0, conflicts: 0, empiricalAccuracy: 0.9 }],
    });
    expect(html).toContain('<td>kw_check</td><td>spam</td>');
    expect(html).toContain('<text x="184" y="32" font-size="11" text-anchor="end">kw_check → spam</text>');
    expect(html).toContain('<rect x="190" y="20" width="80.0" height="6" fill="#3867d6"><title>coverage: 0.2500</title></rect>');
    expect(html).toContain('<title>empirical accuracy: 0.9000</title>');
    expect(html).toContain('aria-label="F1 on the gold splits: label models and classifier"');
    expect(html).not.toContain('<script');
  });
});

describe('the confusion matrices and the label distribution', () => {
  const drawn = renderReportHtml({
    ...report,
    labels: ['<i>ham</i>', 'spam'],
    confusion: {
      labelModel: {
        test: {
          counts: [
            [3, 1],
            [0, 2],
          ],
          abstained: [1, 0],
        },
      },
      classifier: null,
    },
    labelDistribution: { split: 'train', rows: 10, covered: 7, maxProbability: [0, 0, 0, 0, 0, 2, 0, 0, 0, 5], predicted: [4, 3], abstained: 0 },
  });

  test('label names are escaped on the axes; an abstain column appears when the model abstained', () => {
    expect(drawn).not.toContain('<i>');
    expect(drawn).toContain('<title>gold &lt;i&gt;ham&lt;/i&gt; · predicted abstain: 1</title>');
    expect(drawn).toContain('<title>gold spam · predicted &lt;i&gt;ham&lt;/i&gt;: 0</title>');
    expect(drawn).toContain('aria-label="Label model snorkel on test gold"');
    expect(drawn).not.toContain('Classifier');
  });

  test('the histogram and the class counts are those of report.labelDistribution', () => {
    expect(drawn).toContain('<p>7 of 10 train rows have at least one LF vote; the other 3 carry only the class prior');
    expect(drawn).toContain('<title>0.9–1.0: 5</title>');
    expect(drawn).toContain('<title>&lt;i&gt;ham&lt;/i&gt;: 4</title>');
  });
});
