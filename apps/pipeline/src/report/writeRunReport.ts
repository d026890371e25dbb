// Writes a run report as report.json and report.html into the run's directory and returns their paths.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderReportHtml } from './renderReportHtml.ts';
import type { RunReport } from './runReport.ts';

/**
 * Writes `report.json` (2-space JSON) and `report.html` into `runDir`.
 *
 * @example
 * const { json } = await writeRunReport(runDir, report); // …/runs/<run-id>/report.json
 */
export async function writeRunReport(runDir: string, report: RunReport): Promise<{ json: string; html: string }> {
  const json = path.join(runDir, 'report.json');
  const html = path.join(runDir, 'report.html');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(html, renderReportHtml(report));
  return { json, html };
}
