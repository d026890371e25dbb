// The dataset provider contract: what a plugin registers so apps read, write, describe and convert dataset files by extension without importing it.

import type { DependencyContainer } from 'tsyringe';
import type { DataRecord, DatasetFormat, ReadDatasetOptions, WriteDatasetResult } from './dataset.ts';
import { TOKENS } from './plugin.ts';

/** One row of a file, every column as it is (no id / text mapping). */
export type Row = Record<string, unknown>;

/** Column types a Parquet file is written with. */
export type ParquetColumnType = 'UTF8' | 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP_MILLIS' | 'TIMESTAMP_MICROS' | 'TIMESTAMP_NANOS' | 'JSON';

/** Codecs a Parquet file may be written with. SNAPPY is what pandas and pyarrow write by default, ZSTD what Polars does. */
export type ParquetCompression = 'SNAPPY' | 'ZSTD' | 'GZIP' | 'BROTLI' | 'UNCOMPRESSED';

/** Every ParquetCompression, for checking a `--compression` flag. */
export const PARQUET_COMPRESSIONS: readonly ParquetCompression[] = ['SNAPPY', 'ZSTD', 'GZIP', 'BROTLI', 'UNCOMPRESSED'];

/** Options for writing rows. */
export interface WriteRowsOptions {
  /** Column order (CSV header) and, for Parquet, the columns written; default: every column of the first 1,000 rows, in order of appearance. */
  columns?: readonly string[];
  /** Parquet column types (default: inferred from the values). */
  types?: ReadonlyMap<string, ParquetColumnType>;
  compression?: ParquetCompression;
}

/** One column of a described file. */
export interface ColumnDescription {
  name: string;
  /** Parquet physical type ('group' for lists and structs); for CSV 'text', for JSONL the JSON kinds seen. */
  physicalType: string;
  /** Parquet logical type, e.g. 'STRING', 'TIMESTAMP(MICROS, UTC)', 'LIST'; null when none. */
  logicalType: string | null;
  nulls: number;
}

/** What `pipeline dataset inspect` prints. */
export interface DatasetDescription {
  file: string;
  format: DatasetFormat;
  rows: number;
  columns: ColumnDescription[];
  /** Parquet only: the codecs of the column chunks, the writer, and each row group's rows and compressed bytes. */
  codecs?: string[];
  createdBy?: string;
  rowGroups?: Array<{ rows: number; compressedBytes: number }>;
  firstRows: Row[];
}

/**
 * Reads and writes dataset files by extension (.csv, .jsonl / .ndjson, .parquet). Registered by a plugin
 * (@skimmer/plugins-datasets by default); apps resolve it from the container under `TOKENS.DatasetProvider`.
 */
export interface DatasetProvider {
  /** Records (id, text, label and the other columns) of a file, columns mapped as `options.columns` says. */
  read(path: string, options?: ReadDatasetOptions): AsyncIterable<DataRecord>;
  /** Every row of a file as it is. */
  readRows(path: string): AsyncIterable<Row>;
  /** Writes rows to a file by extension; a failure part-way leaves no file behind. */
  writeRows(path: string, rows: Iterable<Row> | AsyncIterable<Row>, options?: WriteRowsOptions): Promise<WriteDatasetResult>;
  /** The Parquet column types that rewrite a Parquet file's columns as they are (for convert). */
  writerTypesOf(path: string): Promise<Map<string, ParquetColumnType>>;
  /** The Parquet column types of a sample of records, `id` and `text` as text (one schema shared by several files). */
  inferTypes(sample: readonly Row[]): Map<string, ParquetColumnType>;
  /** Writes records to a Parquet file, `id` and `text` as required columns, with `types` (default: inferred). */
  writeRecords(
    path: string,
    records: Iterable<DataRecord> | AsyncIterable<DataRecord>,
    options?: { types?: ReadonlyMap<string, ParquetColumnType> },
  ): Promise<WriteDatasetResult>;
  describe(path: string, options?: { head?: number }): Promise<DatasetDescription>;
}

/** Registers the dataset provider (a later registration replaces an earlier one). */
export function registerDatasetProvider(container: DependencyContainer, provider: DatasetProvider): void {
  container.register(TOKENS.DatasetProvider, { useValue: provider });
}
