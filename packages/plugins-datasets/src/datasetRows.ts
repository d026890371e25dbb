// Reads and writes whole rows of CSV, JSONL and Parquet files, every column as it is (no id / text mapping): for convert and export.

import { createReadStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { DataError, datasetFormatOf } from '@skimmer/core';
import type { DataRecord, ParquetColumnType, Row, WriteDatasetResult, WriteRowsOptions } from '@skimmer/core';
import { writeCsv } from './csvWriter.ts';
import { assertReadableFile } from './datasetFile.ts';
import { jsonlWriter } from './jsonlWriter.ts';
import { openParquet, readParquetRows } from './parquetFile.ts';
import type { ParquetColumn } from './parquetFile.ts';
import { createParquetWriter } from './parquetWriter.ts';

export type { Row };

async function* csvRows(file: string): AsyncIterable<Row> {
  const parser = parse({ bom: true, columns: (header: string[]) => header.map((name) => name.trim()), skip_empty_lines: true });
  createReadStream(file)
    .on('error', (error) => parser.destroy(error))
    .pipe(parser);
  try {
    yield* parser as AsyncIterable<Row>;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new DataError(`${file}:${line ?? '?'}: ${(error as Error).message}`, { file, record: line });
  }
}

async function* jsonlRows(file: string): AsyncIterable<Row> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber += 1;
    const line = lineNumber === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new DataError(`${file}:${lineNumber}: invalid JSON (${(error as Error).message})`, { file, record: lineNumber });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new DataError(`${file}:${lineNumber}: expected a JSON object`, { file, record: lineNumber });
    yield value as Row;
  }
}

/**
 * Every row of a CSV (all values text), JSONL or Parquet file (exact values, nulls as null), all columns as named.
 *
 * @example
 * for await (const row of readRows('L_train.parquet')) console.log(row.id, row.keyword_subscribe);
 */
export async function* readRows(file: string): AsyncIterable<Row> {
  await assertReadableFile(file);
  const format = datasetFormatOf(file);
  if (format === 'csv') yield* csvRows(file);
  else if (format === 'jsonl') yield* jsonlRows(file);
  else yield* readParquetRows(file);
}

/** The type Skimmer's writer keeps for a column read from Parquet (wall-clock timestamps and dates stay text). */
function writerTypeOf(column: ParquetColumn): ParquetColumnType {
  if (column.nested) return 'JSON';
  const { type, logical_type: logical, converted_type: converted } = column.element;
  if (logical?.type === 'TIMESTAMP') return logical.isAdjustedToUTC ? (`TIMESTAMP_${logical.unit}` as ParquetColumnType) : 'UTF8';
  if (converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS') return converted;
  if (converted === 'JSON' || logical?.type === 'JSON') return 'JSON';
  if (type === 'BOOLEAN') return 'BOOLEAN';
  if ((type === 'INT32' || type === 'INT64') && !converted && (!logical || logical.type === 'INTEGER')) return 'INT64';
  if (type === 'FLOAT' || type === 'DOUBLE') return 'DOUBLE';
  return 'UTF8';
}

/** The column types of a Parquet file as Skimmer's writer would write them again. */
export async function parquetWriterTypesOf(file: string): Promise<Map<string, ParquetColumnType>> {
  const open = await openParquet(file);
  return new Map(open.columns.map((column) => [column.name, writerTypeOf(column)]));
}

export type { WriteRowsOptions };

async function* withSample(rows: Iterable<Row> | AsyncIterable<Row>, size: number): AsyncGenerator<Row[] | Row> {
  const sample: Row[] = [];
  const iterator = (async function* () {
    yield* rows;
  })();
  for await (const row of iterator) {
    if (sample.length < size) {
      sample.push(row);
      if (sample.length === size) yield sample;
      continue;
    }
    yield row;
  }
  if (sample.length < size) yield sample;
}

/**
 * Writes rows to a .csv, .jsonl / .ndjson or .parquet file, by extension. Parquet columns take `types`, else the type
 * of their values; no column is treated as id or text. A failure part-way leaves no file behind.
 *
 * @example
 * await writeRows('labels.parquet', rows, { compression: 'ZSTD' })
 */
export async function writeRows(path: string, rows: Iterable<Row> | AsyncIterable<Row>, options: WriteRowsOptions = {}): Promise<WriteDatasetResult> {
  const format = datasetFormatOf(path);
  if (options.compression && format !== 'parquet')
    throw new DataError(`${path}: compression ${options.compression} applies to Parquet only (${format} is written uncompressed)`, {
      file: path,
      field: 'compression',
    });
  const stream = withSample(rows, 1000);
  const first = await stream.next();
  const sample = (first.done ? [] : first.value) as Row[];
  const names = options.columns ?? [...new Set(sample.flatMap((row) => Object.keys(row)))];
  async function* all(): AsyncIterable<Row> {
    yield* sample;
    for await (const row of stream) yield row as Row;
  }
  if (format !== 'parquet') {
    // Like the Parquet writer: the file appears under its name only once complete, never cut short by a bad row.
    const partial = `${path}.partial-${process.pid}`;
    try {
      const result = format === 'csv' ? await writeCsv(partial, names, all()) : await jsonlWriter.write(partial, all() as AsyncIterable<DataRecord>);
      await rename(partial, path);
      return result;
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }
  const types = options.types ? new Map(names.filter((name) => options.types!.has(name)).map((name) => [name, options.types!.get(name)!])) : undefined;
  const writer = createParquetWriter({ compression: options.compression, keyColumns: false, columns: types, columnOrder: options.columns });
  return writer.write(path, all() as AsyncIterable<DataRecord>);
}
