// Specification of the iterate report page: the learning curve drawn as inline SVG with exact points, one point drawn without NaN, every text escaped.

import { describe, expect, it } from 'vitest';
import type { IterationReport, LearningCurveRow } from '../src/iterate/iterationReport.ts';
import { renderIterationReportHtml } from '../src/iterate/renderIterationReportHtml.ts';

function report(learningCurve: LearningCurveRow[]): IterationReport {
  return {
    name: '<b>demo</b>',
    config: '/c/config.yaml',
    project: 'p1',
    strategy: 'margin',
    annotator: 'simulated',
    generatedAt: '2026-01-01T00:00:00Z',
    runId: 'r1',
    baseline: null,
    learningCurve,
    iterations: [],
    pending: null,
    stopped: null,
    lfSummary: { devSplit: 'valid', threshold: 0.7, lfs: [] },
  } as IterationReport;
}

const row = (iteration: number, goldSize: number, macroF1: number, accuracy: number): LearningCurveRow => ({
  iteration,
  goldSize,
  split: 'test',
  macroF1,
  accuracy,
  ece: 0.01,
});

describe('renderIterationReportHtml', () => {
  it('draws macro F1 and accuracy against the gold labels, one titled point per iteration', () => {
    const html = renderIterationReportHtml(report([row(0, 0, 0.5, 0.6), row(1, 50, 0.75, 0.8), row(2, 100, 1, 1)]));
    const parts = [
      'aria-label="&lt;b&gt;demo&lt;/b&gt;: learning curve on the test gold (margin)"',
      '<polyline points="50.0,138.0 260.0,83.0 470.0,28.0" fill="none" stroke="#c0392b" stroke-width="2"/>',
      '<circle cx="260.0" cy="83.0" r="3" fill="#c0392b"><title>macro F1, iteration 1, 50 gold labels: 0.7500</title></circle>',
      '<title>accuracy, iteration 1, 50 gold labels: 0.8000</title>',
    ];
    expect(parts.filter((part) => !html.includes(part))).toEqual([]);
    expect(html).not.toContain('<b>demo');
  });

  it('draws a curve of one point (iteration 0 only) at the left edge, with no NaN', () => {
    const html = renderIterationReportHtml(report([row(0, 0, 0.5, 0.6)]));
    expect(html).toContain('<circle cx="50.0" cy="138.0" r="3" fill="#c0392b"><title>macro F1, iteration 0, 0 gold labels: 0.5000</title></circle>');
    expect(html).not.toContain('NaN');
  });
});
