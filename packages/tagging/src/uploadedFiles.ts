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

/** Encodings an upload may declare (WHATWG names, as TextDecoder knows them); UTF-8 is the default. */
export const UPLOAD_ENCODINGS = ['utf-8', 'latin1', 'iso-8859-1', 'windows-1252', 'utf-16le'] as const;

/**
 * The upload as UTF-8 text bytes: checked as UTF-8 (the default), else decoded from the declared `encoding`. Bytes
 * that are not valid UTF-8 are refused with the line they are on, never stored as U+FFFD.
 *
 * @example
 * toUtf8('a.csv', Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'latin1').toString() // 'café'
 */
export function toUtf8(name: string, bytes: Buffer, encoding = 'utf-8'): Buffer {
  const declared = encoding.trim().toLowerCase();
  if (!(UPLOAD_ENCODINGS as readonly string[]).includes(declared)) {
    throw new DataError(`field 'encoding' is ${JSON.stringify(encoding)}; expected one of ${UPLOAD_ENCODINGS.join(', ')}`, { field: 'encoding', file: name });
  }
  if (declared !== 'utf-8') return Buffer.from(new TextDecoder(declared).decode(bytes), 'utf8');
  const strict = new TextDecoder('utf-8', { fatal: true });
  try {
    strict.decode(bytes);
    return bytes;
  } catch {
    // a line feed byte never occurs inside a UTF-8 sequence, so lines can be checked one by one
    let start = 0;
    for (let line = 1; ; line++) {
      const end = bytes.indexOf(0x0a, start);
      const slice = bytes.subarray(start, end === -1 ? bytes.length : end);
      try {
        strict.decode(slice);
      } catch {
        throw new DataError(`${name}:${line}: the file is not valid UTF-8; save it as UTF-8, or declare its encoding (e.g. encoding=windows-1252)`, {
          file: name,
          record: line,
          field: 'encoding',
        });
      }
      if (end === -1) throw new DataError(`${name}: the file is not valid UTF-8`, { file: name, field: 'encoding' });
      start = end + 1;
    }
  }
}

/**
 * Reads an uploaded data file into records: `id` and `text` columns are required, the others become metadata.
 * Errors are DataErrors naming the file, the row and the column.
 *
 * @example
 * await parseDataFile('comments.csv', Buffer.from('id,text,author\nc1,hello,ann\n')) // [{ id: 'c1', text: 'hello', metadata: { author: 'ann' } }]
 */
export async function parseDataFile(fileName: string, bytes: Buffer, encoding?: string): Promise<RecordInput[]> {
  const name = baseName(fileName);
  const ext = path.extname(name).toLowerCase();
  if (!DATA_EXTENSIONS.has(ext))
    throw new DataError(`${name}: data files must be .csv or .parquet, got ${JSON.stringify(ext || 'no extension')}`, { file: name, field: 'file' });
  if (ext === '.csv') bytes = toUtf8(name, bytes, encoding);
  const dir = await mkdtemp(path.join(tmpdir(), 'tagger-upload-'));
  const file = path.join(dir, name);
  try {
    await writeFile(file, bytes);
    const rows = await readDatasetAll(file);
    return rows.map(({ id, text, ...rest }) => ({ id: String(id), text, metadata: rest }));
  } catch (err) {
    if (!(err instanceof SkimmerError))
      throw new DataError(`${name}: cannot read the file: ${err instanceof Error ? err.message : String(err)}`, { file: name });
    const message = err.message
      .replaceAll(file, name)
      .replaceAll(dir, '')
      .replace(/; map one with columns\.\w+$/, '; a data file needs columns id and text');
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
export function parseLabelsFile(fileName: string, bytes: Buffer, encoding?: string): LabelDefinition[] {
  const name = baseName(fileName);
  bytes = toUtf8(name, bytes, encoding);
  let rows: Record<string, string>[];
  try {
    rows = parse(bytes, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  } catch (err) {
    throw new DataError(`${name}: ${err instanceof Error ? err.message : String(err)}`, { file: name });
  }
  const columns = rows.length > 0 ? Object.keys(rows[0]!) : [];
  for (const column of ['label', 'index']) {
    if (rows.length > 0 && !columns.includes(column))
      throw new DataError(`${name}: no column '${column}' (columns: ${columns.join(', ')}); a labels file has columns label,index`, {
        file: name,
        field: column,
      });
  }
  const labels = rows.map((row, i) => {
    const index = Number(row.index);
    if (row.index === '' || !Number.isInteger(index))
      throw new DataError(`${name}:${i + 2}: column 'index' is ${JSON.stringify(row.index)}; expected an integer`, {
        file: name,
        record: i + 2,
        field: 'index',
      });
    return { label: row.label ?? '', index };
  });
  return validateLabels(labels, name);
}
