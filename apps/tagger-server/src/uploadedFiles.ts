// Parses uploaded files: a data file (CSV or Parquet, columns id and text, others kept as metadata) and a labels CSV (label, index).

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DataError, SkimmerError } from '@skimmer/core';
import { readDatasetAll } from '@skimmer/plugins-datasets';
import type { LabelDefinition, RecordInput } from './projects.ts';
import { validateLabels } from './projects.ts';

const DATA_EXTENSIONS = new Set(['.csv', '.parquet']);

/** A safe base name for an uploaded file (used in messages and temporary paths). */
function baseName(fileName: string): string {
  return path.basename(fileName).replace(/[^A-Za-z0-9._-]/g, '_') || 'upload';
}

/**
 * Reads an uploaded data file into records: `id` and `text` columns are required, the others become metadata.
 * Errors are DataErrors naming the file, the row and the column.
 *
 * @example
 * await parseDataFile('comments.csv', Buffer.from('id,text,author\nc1,hello,ann\n')) // [{ id: 'c1', text: 'hello', metadata: { author: 'ann' } }]
 */
export async function parseDataFile(fileName: string, bytes: Buffer): Promise<RecordInput[]> {
  const name = baseName(fileName);
  const ext = path.extname(name).toLowerCase();
  if (!DATA_EXTENSIONS.has(ext)) throw new DataError(`${name}: data files must be .csv or .parquet, got ${JSON.stringify(ext || 'no extension')}`, { file: name, field: 'file' });
  const dir = await mkdtemp(path.join(tmpdir(), 'tagger-upload-'));
  const file = path.join(dir, name);
  try {
    await writeFile(file, bytes);
    const rows = await readDatasetAll(file);
    return rows.map(({ id, text, ...rest }) => ({ id: String(id), text, metadata: rest }));
  } catch (err) {
    if (!(err instanceof SkimmerError)) throw new DataError(`${name}: cannot read the file: ${err instanceof Error ? err.message : String(err)}`, { file: name });
    const message = err.message.replaceAll(file, name).replaceAll(dir, '').replace(/; map one with columns\.\w+$/, '; a data file needs columns id and text');
    throw new DataError(message, { ...err.context, file: name });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Reads a labels CSV with columns `label` and `index` (one row per label, at most 9).
 *
 * @example
 * parseLabelsFile('labels.csv', Buffer.from('label,index\nham,0\nspam,1\n')) // [{ label: 'ham', index: 0 }, { label: 'spam', index: 1 }]
 */
export function parseLabelsFile(fileName: string, bytes: Buffer): LabelDefinition[] {
  const name = baseName(fileName);
  let rows: Record<string, string>[];
  try {
    rows = parse(bytes, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  } catch (err) {
    throw new DataError(`${name}: ${err instanceof Error ? err.message : String(err)}`, { file: name });
  }
  const columns = rows.length > 0 ? Object.keys(rows[0]!) : [];
  for (const column of ['label', 'index']) {
    if (rows.length > 0 && !columns.includes(column)) throw new DataError(`${name}: no column '${column}' (columns: ${columns.join(', ')}); a labels file has columns label,index`, { file: name, field: column });
  }
  const labels = rows.map((row, i) => {
    const index = Number(row.index);
    if (row.index === '' || !Number.isInteger(index)) throw new DataError(`${name}:${i + 2}: column 'index' is ${JSON.stringify(row.index)}; expected an integer`, { file: name, record: i + 2, field: 'index' });
    return { label: row.label ?? '', index };
  });
  return validateLabels(labels, name);
}
