// Serialises a project's gold labels for download: CSV, JSONL or Parquet (through the datasets package's writer).

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataError } from '@skimmer/core';
import type { DataRecord } from '@skimmer/core';
import { writeDataset } from '@skimmer/plugins-datasets';
import type { GoldRow } from './goldLabels.ts';

export type ExportFormat = 'csv' | 'jsonl' | 'parquet';

/** Content types of the download formats. */
export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

/** The columns of every export, in order. */
export const EXPORT_COLUMNS = ['id', 'label', 'label_name', 'split', 'annotators', 'time_spent_ms', 'text'] as const;

function toRecord(row: GoldRow): DataRecord {
  return {
    id: row.id,
    label: row.label,
    label_name: row.labelName,
    split: row.split,
    annotators: row.annotators.join('+'),
    time_spent_ms: row.timeSpentMs,
    text: row.text,
  };
}

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field, quoted when it holds a comma, quote or line break (RFC 4180). A text that a spreadsheet would run
 * as a formula (starting with = + - @ tab or carriage return) is neutralised as OWASP recommends: prefixed with a
 * single quote and quoted, so `=cmd|' /C calc'!A0` goes out as `"'=cmd|' /C calc'!A0"`. Numbers are written as they are.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  if (FORMULA_START.test(value)) return `"'${value.replaceAll('"', '""')}"`;
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Gold rows as a file in `format`.
 *
 * @example
 * (await exportGold(rows, 'csv')).toString() // 'id,label,label_name,split,annotators,time_spent_ms,text\r\nc1,1,spam,train,alice,812,hi\r\n'
 */
export async function exportGold(rows: readonly GoldRow[], format: ExportFormat): Promise<Buffer> {
  const records = rows.map(toRecord);
  if (format === 'csv') {
    const lines = [EXPORT_COLUMNS.join(','), ...records.map((r) => EXPORT_COLUMNS.map((c) => csvField(r[c])).join(','))];
    return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
  }
  if (format === 'jsonl') return Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
  if (format === 'parquet') {
    const dir = await mkdtemp(path.join(tmpdir(), 'tagger-export-'));
    try {
      const file = path.join(dir, 'gold.parquet');
      await writeDataset(file, records);
      return await readFile(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  throw new DataError(`export format ${JSON.stringify(format)}: expected csv, jsonl or parquet`, { field: 'format', value: format });
}
