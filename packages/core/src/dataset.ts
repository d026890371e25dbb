// The dataset-loading contract: records read from CSV / JSONL / Parquet files, column mapping and format detection (pure, no I/O).

import { DataError } from './errors.ts';

/** File formats a dataset can be read from or written to. */
export type DatasetFormat = 'csv' | 'jsonl' | 'parquet';

/** One record of a dataset: an id, a text, an optional label and any other (raw) columns. */
export interface DataRecord {
  id: string;
  text: string;
  label?: number | string | null;
  [column: string]: unknown;
}

/**
 * Maps record fields (keys) to the file's columns (values), e.g. `{ id: 'COMMENT_ID', text: 'CONTENT', label: 'CLASS' }`.
 * Unmapped `id` / `text` / `label` default to the columns of the same name; other columns are kept as they are.
 */
export interface ColumnMapping {
  id?: string;
  text?: string;
  label?: string;
  [target: string]: string | undefined;
}

/** What to do with a record that cannot be read (malformed JSON line, missing text): fail, drop it, or collect it. */
export type BadRecordPolicy = 'error' | 'skip' | 'dead-letter';

/** A record that could not be read, as collected under `onBadRecord: 'dead-letter'`. */
export interface BadRecord {
  file: string;
  /** 1-based line (JSONL, CSV) or row number (Parquet). */
  line: number;
  /** The raw line, or the row as JSON. */
  raw: string;
  error: string;
}

/** Options every dataset reader accepts. */
export interface ReadDatasetOptions {
  columns?: ColumnMapping;
  /** Default 'error': the first bad record throws a DataError naming file:line. */
  onBadRecord?: BadRecordPolicy;
  /** Receives bad records under `onBadRecord: 'dead-letter'`. */
  deadLetters?: BadRecord[];
}

/** Reads one dataset file as an async stream of records. */
export interface DatasetReader {
  readonly format: DatasetFormat;
  read(path: string, options?: ReadDatasetOptions): AsyncIterable<DataRecord>;
}

/** What a dataset writer reports once the file is closed. */
export interface WriteDatasetResult {
  rows: number;
  bytes: number;
}

/** Writes records to one dataset file. */
export interface DatasetWriter {
  readonly format: DatasetFormat;
  write(path: string, records: Iterable<DataRecord> | AsyncIterable<DataRecord>): Promise<WriteDatasetResult>;
}

const FORMAT_BY_EXTENSION: Readonly<Record<string, DatasetFormat>> = {
  '.csv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
};

/**
 * The dataset format of a file, from its extension (.csv, .jsonl / .ndjson, .parquet; case-insensitive).
 *
 * @example
 * datasetFormatOf('posts/2024.ndjson') // 'jsonl'
 */
export function datasetFormatOf(path: string): DatasetFormat {
  const dot = path.lastIndexOf('.');
  const extension = dot < 0 ? '' : path.slice(dot).toLowerCase();
  const format = FORMAT_BY_EXTENSION[extension];
  if (!format) {
    throw new DataError(`${path}: unknown dataset format '${extension || '(none)'}' (expected .csv, .jsonl, .ndjson or .parquet)`, {
      file: path,
      expected: Object.keys(FORMAT_BY_EXTENSION),
    });
  }
  return format;
}

/** Where a record's id, text and label come from, resolved once per file. */
export interface ColumnPlan {
  readonly file: string;
  /** Source column of the id, or null: ids are then the 1-based record numbers. */
  readonly idSource: string | null;
  readonly textSource: string;
  readonly labelSource: string | null;
  /** Other mapped fields: [target, source]. */
  readonly renamed: ReadonlyArray<readonly [string, string]>;
  /** Source columns consumed by the mapping (not copied again under their own name). */
  readonly consumed: ReadonlySet<string>;
}

/**
 * Resolves a column mapping. With `header` (CSV, Parquet) missing columns are detected up front:
 * no text column is a DataError that lists the columns and says how to map one.
 *
 * @example
 * planColumns('yt.csv', { id: 'COMMENT_ID', text: 'CONTENT', label: 'CLASS' }, ['COMMENT_ID', 'AUTHOR', 'CONTENT', 'CLASS'])
 */
export function planColumns(file: string, mapping: ColumnMapping = {}, header?: readonly string[]): ColumnPlan {
  const textSource = mapping.text ?? 'text';
  const renamed: Array<readonly [string, string]> = [];
  for (const [target, source] of Object.entries(mapping)) {
    if (source !== undefined && target !== 'id' && target !== 'text' && target !== 'label') renamed.push([target, source]);
  }
  let idSource: string | null = mapping.id ?? 'id';
  let labelSource: string | null = mapping.label ?? 'label';
  if (header) {
    const present = new Set(header);
    const missing = (column: string, target: string) =>
      new DataError(`${file}: no column '${column}' (columns: ${header.join(', ')}); map one with columns.${target}`, {
        file,
        field: column,
        columns: [...header],
      });
    if (!present.has(textSource)) throw missing(textSource, 'text');
    if (mapping.id !== undefined && !present.has(mapping.id)) throw missing(mapping.id, 'id');
    if (mapping.label !== undefined && !present.has(mapping.label)) throw missing(mapping.label, 'label');
    for (const [target, source] of renamed) if (!present.has(source)) throw missing(source, target);
    if (!present.has(idSource)) idSource = null;
    if (!present.has(labelSource)) labelSource = null;
  }
  const consumed = new Set<string>([textSource, ...renamed.map(([, source]) => source)]);
  if (idSource !== null) consumed.add(idSource);
  if (labelSource !== null) consumed.add(labelSource);
  return { file, idSource, textSource, labelSource, renamed, consumed };
}

/** A record that does not fit the plan (no text, an id that is not a scalar): the caller applies its BadRecordPolicy. */
export class BadRecordError extends DataError {
  constructor(file: string, line: number, message: string, field?: string) {
    super(`${file}:${line}: ${message}`, { file, record: line, field });
    this.name = 'BadRecordError';
  }
}

/** Fields a raw column may not overwrite: they come from the plan only. */
const RESERVED_FIELDS: ReadonlySet<string> = new Set(['id', 'text', 'label']);

function scalarToString(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return null;
}

/** A record's text: the plan's text field, which must be a string. */
function recordText(plan: ColumnPlan, line: number, text: unknown): string {
  if (typeof text === 'string') return text;
  const got = text === undefined ? 'no such field' : text === null ? 'null' : typeof text;
  throw new BadRecordError(plan.file, line, `field '${plan.textSource}' must be a string (got ${got})`, plan.textSource);
}

/** A record's id: the id field (a non-empty string or a number) when the row has one, else the line number. */
function recordId(plan: ColumnPlan, line: number, value: unknown): string {
  if (value === undefined) return String(line);
  const id = scalarToString(value);
  if (id === null || id === '') {
    throw new BadRecordError(plan.file, line, `field '${plan.idSource}' must be a non-empty string or number`, plan.idSource ?? undefined);
  }
  return id;
}

/** A record's label: numbers as they are, other values as text, an empty one as null. */
function recordLabel(label: unknown): number | string | null {
  return label === '' || label === null ? null : typeof label === 'number' ? label : String(label);
}

/**
 * Builds a DataRecord from one raw row by the plan; `line` is the 1-based line or row number used in errors
 * and as the id when the file has no id column. Empty labels become null.
 *
 * @example
 * toDataRecord({ tweet: 'hi', 'tweet id': '7' }, planColumns('t.csv', { id: 'tweet id', text: 'tweet' }), 2) // { id: '7', text: 'hi' }
 */
export function toDataRecord(row: Readonly<Record<string, unknown>>, plan: ColumnPlan, line: number): DataRecord {
  const text = recordText(plan, line, row[plan.textSource]);
  const record: DataRecord = { id: recordId(plan, line, plan.idSource === null ? undefined : row[plan.idSource]), text };
  for (const [column, value] of Object.entries(row)) {
    if (!plan.consumed.has(column) && !RESERVED_FIELDS.has(column)) record[column] = value;
  }
  for (const [target, source] of plan.renamed) record[target] = row[source];
  if (plan.labelSource !== null && row[plan.labelSource] !== undefined) record.label = recordLabel(row[plan.labelSource]);
  return record;
}

/** Builds the record of one row given as an array of fields, `fields[c]` the value of column `c`; `line` as in {@link toDataRecord}. */
export type DataRecordBuilder = (fields: ArrayLike<unknown>, line: number) => DataRecord;

/**
 * {@link toDataRecord} compiled once for a header: the builder's record for `fields` (one value per column) equals
 * `toDataRecord` of the row object whose own properties are `columns[c]: fields[c]` in column order (a repeated name
 * holds its last value, as csv-parse builds rows), errors included, without building that object. `plan` is
 * `planColumns(file, mapping, columns)`: every source it names is one of `columns`.
 *
 * @example
 * const build = compileDataRecord(planColumns('t.csv', { id: 'tweet id', text: 'tweet' }, ['tweet id', 'tweet']), ['tweet id', 'tweet']);
 * build(['7', 'hi'], 2) // { id: '7', text: 'hi' }
 */
export function compileDataRecord(plan: ColumnPlan, columns: readonly string[]): DataRecordBuilder {
  // The row object's field order (array-index names first, as in any object) and each name's last column.
  const row: Record<string, number> = {};
  columns.forEach((name, c) => {
    Object.defineProperty(row, name, { value: c, enumerable: true, writable: true, configurable: true });
  });
  const at = (name: string | null): number => (name !== null && Object.hasOwn(row, name) ? row[name] : -1);
  const textAt = at(plan.textSource);
  const idAt = at(plan.idSource);
  const labelAt = at(plan.labelSource);
  const targets: string[] = [];
  const sources: number[] = [];
  for (const [name, c] of Object.entries(row)) {
    if (!plan.consumed.has(name) && !RESERVED_FIELDS.has(name)) {
      targets.push(name);
      sources.push(c);
    }
  }
  for (const [target, source] of plan.renamed) {
    targets.push(target);
    sources.push(at(source));
  }
  return (fields, line) => {
    const text = recordText(plan, line, textAt < 0 ? undefined : fields[textAt]);
    const record: DataRecord = { id: recordId(plan, line, idAt < 0 ? undefined : fields[idAt]), text };
    for (let f = 0; f < targets.length; f++) record[targets[f]] = sources[f] < 0 ? undefined : fields[sources[f]];
    if (labelAt >= 0 && fields[labelAt] !== undefined) record.label = recordLabel(fields[labelAt]);
    return record;
  };
}
