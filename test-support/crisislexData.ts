// Test data: CrisisLexT6 tweets of one crisis as texts and gold labels (on-topic = 1, off-topic = 0).

import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { datasetPath } from '@skimmer/core';

export const CRISES = ['2012_Sandy_Hurricane', '2013_Alberta_Floods', '2013_Boston_Bombings', '2013_Oklahoma_Tornado'] as const;

export function readCrisis(crisis: (typeof CRISES)[number]): { texts: string[]; labels: Int32Array } {
  const rows = parse(readFileSync(datasetPath('crisislex-t6', `${crisis}-ontopic_offtopic.csv`)), {
    columns: (header: string[]) => header.map((h) => h.trim()),
    skip_empty_lines: true,
  }) as Array<Record<string, string>>;
  return { texts: rows.map((r) => r.tweet), labels: Int32Array.from(rows, (r) => (r.label.trim() === 'on-topic' ? 1 : 0)) };
}

export function oneHot(labels: Int32Array, k: number): { n: number; k: number; data: Float64Array } {
  const data = new Float64Array(labels.length * k);
  labels.forEach((y, i) => {
    data[i * k + y] = 1;
  });
  return { n: labels.length, k, data };
}
