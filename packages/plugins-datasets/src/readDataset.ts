// Reads or writes a dataset file with the reader / writer its extension names (.csv, .jsonl / .ndjson, .parquet).

import { datasetFormatOf, DataError } from '@skimmer/core';
import type { DataRecord, DatasetFormat, DatasetReader, DatasetWriter, ReadDatasetOptions, WriteDatasetResult } from '@skimmer/core';
import { csvReader } from './csvReader.ts';
import { jsonlReader } from './jsonlReader.ts';
import { parquetReader } from './parquetReader.ts';
import { jsonlWriter } from './jsonlWriter.ts';
import { parquetWriter } from './parquetWriter.ts';

/** The built-in readers, one per format. */
export const datasetReaders: Readonly<Record<DatasetFormat, DatasetReader>> = { csv: csvReader, jsonl: jsonlReader, parquet: parquetReader };

/** The built-in writers (CSV is read-only). */
export const datasetWriters: Readonly<Partial<Record<DatasetFormat, DatasetWriter>>> = { jsonl: jsonlWriter, parquet: parquetWriter };

/**
 * Streams the records of a dataset file, picking the reader by extension.
 *
 * @example
 * for await (const r of readDataset(datasetPath('uci-youtube-spam', 'Youtube01-Psy.csv'), { columns: { id: 'COMMENT_ID', text: 'CONTENT', label: 'CLASS' } })) {}
 */
export function readDataset(path: string, options: ReadDatasetOptions = {}): AsyncIterable<DataRecord> {
  return datasetReaders[datasetFormatOf(path)].read(path, options);
}

/** Reads a whole dataset file into an array. */
export async function readDatasetAll(path: string, options: ReadDatasetOptions = {}): Promise<DataRecord[]> {
  const records: DataRecord[] = [];
  for await (const record of readDataset(path, options)) records.push(record);
  return records;
}

/** Writes records to a .jsonl / .ndjson / .parquet file, picking the writer by extension. */
export function writeDataset(path: string, records: Iterable<DataRecord> | AsyncIterable<DataRecord>): Promise<WriteDatasetResult> {
  const format = datasetFormatOf(path);
  const writer = datasetWriters[format];
  if (!writer) throw new DataError(`${path}: cannot write ${format} datasets (write .jsonl or .parquet)`, { file: path });
  return writer.write(path, records);
}
