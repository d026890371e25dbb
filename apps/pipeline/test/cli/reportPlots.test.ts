// Specification of report.html through the CLI: `pipeline run --quiet` on the YouTube config prints only its result, and the page draws the probabilistic labels and the confusion matrices with label names and the exact counts of report.json.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cliProcess.ts';
import type { RunReport } from '../../src/report/runReport.ts';
import { writeYoutubeConfig } from './youtubeConfig.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-report-plots-'));
let stdout: string[];
let stderr: string;
let report: RunReport;
let html: string;

/** The one SVG figure whose aria-label is `title`. */
function figureOf(title: string): string {
  const start = html.indexOf(`aria-label="${title}"`);
  expect(start, `no figure "${title}"`).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</svg>', start));
}

/** The cell tooltips of a confusion-matrix figure, in row order. */
function cells(title: string): string[] {
  return [...figureOf(title).matchAll(/<title>(gold [^<]*)<\/title>/g)].map((m) => m[1]);
}

beforeAll(async () => {
  const config = writeYoutubeConfig(dir, { extra: 'store: { kind: pglite, dataDir: "memory://" }\n' });
  const run = await runCli(['run', config, '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  stdout = run.stdout.trimEnd().split('\n');
  stderr = run.stderr;
  report = JSON.parse(readFileSync(stdout[1], 'utf8')) as RunReport;
  html = readFileSync(path.join(path.dirname(stdout[1]), 'report.html'), 'utf8');
}, 150_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pipeline run --quiet', () => {
  it("prints only the result: the summary line naming the label model's and the classifier's scores, then the report's path", () => {
    expect(stderr).toBe('');
    expect(stdout).toHaveLength(2);
    expect(stdout[0]).toBe(
      `run ${report.runId} · snorkel: train accuracy 0.7472, valid accuracy 0.7333, test accuracy 0.7040 · classifier linear: test accuracy 0.6600, F1 0.7302`,
    );
    expect(stdout[1]).toBe(path.join(dir, 'runs', report.runId, 'report.json'));
  });
});

describe('report.html', () => {
  it('draws the confusion matrices of the label model and the classifier on the test gold, by label name, equal to report.json', () => {
    expect(report.confusion?.labelModel.test).toEqual({
      counts: [
        [82, 50],
        [24, 94],
      ],
      abstained: [0, 0],
    });
    expect(report.confusion?.classifier?.test).toEqual({
      counts: [
        [50, 82],
        [3, 115],
      ],
      abstained: [0, 0],
    });
    // The cells are the scores' own counts: accuracy = diagonal / gold rows.
    expect((82 + 94) / 250).toBe(report.labelModel?.test?.accuracy);
    expect((50 + 115) / 250).toBe(report.classifier?.metrics.test?.accuracy);
    expect(html).toContain('<h2>Confusion matrices (test)</h2>');
    expect(cells('Label model snorkel on test gold')).toEqual([
      'gold ham · predicted ham: 82',
      'gold ham · predicted spam: 50',
      'gold spam · predicted ham: 24',
      'gold spam · predicted spam: 94',
    ]);
    expect(cells('Classifier linear on test gold')).toEqual([
      'gold ham · predicted ham: 50',
      'gold ham · predicted spam: 82',
      'gold spam · predicted ham: 3',
      'gold spam · predicted spam: 115',
    ]);
    expect(figureOf('Label model snorkel on test gold')).toContain('font-size="13" text-anchor="middle">94</text>');
    expect(figureOf('Label model snorkel on test gold')).not.toContain('abstain');
  });

  it("draws the label model's train labels: the top-probability histogram and the predicted-class counts by label name", () => {
    expect(report.labelDistribution).toEqual({
      split: 'train',
      rows: 1586,
      covered: 912,
      maxProbability: [0, 0, 0, 0, 0, 158, 0, 463, 107, 184],
      predicted: [198, 714],
      abstained: 0,
    });
    expect(html).toContain('<p>912 of 1586 train rows have at least one LF vote; the other 674 carry only the class prior');
    const histogram = figureOf('Top class probability (rows per bin)');
    expect([...histogram.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1])).toEqual([
      '0.0–0.1: 0',
      '0.1–0.2: 0',
      '0.2–0.3: 0',
      '0.3–0.4: 0',
      '0.4–0.5: 0',
      '0.5–0.6: 158',
      '0.6–0.7: 0',
      '0.7–0.8: 463',
      '0.8–0.9: 107',
      '0.9–1.0: 184',
    ]);
    const predicted = figureOf('Predicted class (rows)');
    expect([...predicted.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1])).toEqual(['ham: 198', 'spam: 714']);
  });

  it('shows polarities by label name, draws the per-LF chart and has no script', () => {
    expect(html).toContain('<td>keyword_song</td><td>ham</td>');
    expect(html).toContain('<td>regex_check_out</td><td>spam</td>');
    expect(figureOf('Per LF: coverage (train) and empirical accuracy (valid)')).toContain('keyword_song → ham');
    expect(html).not.toContain('[1]');
    expect(html).not.toMatch(/<script|javascript:|\son\w+=/i);
  });
});
