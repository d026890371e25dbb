// Writes datasets as Parquet with hyparquet-writer: typed columns (int64, timestamps, JSON once), snappy or zstd, row groups sized by bytes.

import { rename, rm, stat } from 'node:fs/promises';
import { fileWriter, parquetWriteRows } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import type { DataRecord, DatasetWriter, WriteDatasetResult } from '@skimmer/core';
import { inferParquetColumns, parquetSchemaElement, toParquetValue } from './parquetColumnTypes.ts';
import type { ParquetColumnType } from './parquetColumnTypes.ts';
import { compressorsFor } from './parquetCompressors.ts';
import type { ParquetCompression } from './parquetCompressors.ts';

/** Options of the Parquet writer. */
export interface ParquetWriterOptions {
  /** Page codec (default SNAPPY, like pandas; ZSTD is smaller, like Polars). */
  compression?: ParquetCompression;
  /** Rows per row group (default: as many as hold ~`rowGroupBytes` of the sampled records, 1,000 to 1,000,000). */
  rowGroupSize?: number;
  /** Target uncompressed bytes per row group when `rowGroupSize` is not given (default 32 MiB). */
  rowGroupBytes?: number;
  /** Records looked at to infer column types (default 1,000). */
  inferenceSample?: number;
  /** Column types to write, skipping inference (e.g. `inferParquetColumns(allRecords)` when late records add columns). */
  columns?: ReadonlyMap<string, ParquetColumnType>;
  /** How `id` is stored: 'string' (default, any id) or 'int64' (numeric ids such as tweet ids; others are DataErrors). */
  idType?: 'string' | 'int64';
  /** `id` and `text` are required text columns (default true); false writes any rows, every column inferred alike. */
  keyColumns?: boolean;
  /** The columns to write, in order (a column with no type known is written as nullable text). */
  columnOrder?: readonly string[];
}

const DEFAULT_ROW_GROUP_BYTES = 32 * 1024 * 1024;

/** Rows per group so one group holds about `targetBytes` of data like the sample's (JSON length as the estimate). */
export function rowGroupRowsFor(sample: readonly DataRecord[], targetBytes = DEFAULT_ROW_GROUP_BYTES): number {
  if (sample.length === 0) return 1000;
  let bytes = 0;
  for (const record of sample) bytes += JSON.stringify(record, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)).length;
  const rows = Math.floor(targetBytes / Math.max(1, bytes / sample.length));
  return Math.min(1_000_000, Math.max(1000, rows));
}

async function* iterate(records: Iterable<DataRecord> | AsyncIterable<DataRecord>): AsyncIterable<DataRecord> {
  yield* records;
}

/**
 * A Parquet DatasetWriter. `id` and `text` are required columns, the others optional; a later value of another type
 * is a DataError naming the record and column. The file appears under its name only once complete.
 *
 * @example
 * await createParquetWriter({ compression: 'ZSTD', idType: 'int64' }).write('out.parquet', [{ id: '1590000000000000001', text: 'hello' }])
 */
export function createParquetWriter(options: ParquetWriterOptions = {}): DatasetWriter {
  const codec = options.compression ?? 'SNAPPY';
  const sampleSize = options.inferenceSample ?? 1000;
  return {
    format: 'parquet',
    async write(path, records): Promise<WriteDatasetResult> {
      const iterator = iterate(records)[Symbol.asyncIterator]();
      const sample: DataRecord[] = [];
      let next = await iterator.next();
      while (!next.done && sample.length < sampleSize) {
        sample.push(next.value);
        next = await iterator.next();
      }
      const keyColumns = options.keyColumns ?? true;
      let types = new Map(options.columns ?? inferParquetColumns(sample, keyColumns));
      if (options.columnOrder) types = new Map(options.columnOrder.map((name) => [name, types.get(name) ?? 'UTF8']));
      if (options.idType === 'int64') types.set('id', 'INT64');
      const required = (column: string) => keyColumns && (column === 'id' || column === 'text');
      const schema: SchemaElement[] = [{ name: 'root', num_children: types.size }];
      for (const [column, type] of types) schema.push(parquetSchemaElement(column, type, required(column)));
      let rows = 0;
      async function* converted(): AsyncIterable<Record<string, unknown>> {
        const convert = (record: DataRecord) => {
          const row: Record<string, unknown> = {};
          for (const [column, type] of types) {
            const value = record[column];
            row[column] = value === null || value === undefined ? null : toParquetValue(type, value, record, column);
          }
          rows += 1;
          return row;
        };
        for (const record of sample) yield convert(record);
        for (; !next.done; next = await iterator.next()) yield convert(next.value);
      }
      const partial = `${path}.partial-${process.pid}`;
      try {
        await parquetWriteRows({
          writer: fileWriter(partial),
          rows: converted(),
          columns: [...types.keys()].map((name) => ({ name, nullable: !required(name) })),
          schema,
          codec,
          compressors: await compressorsFor(codec),
          rowGroupSize: options.rowGroupSize ?? rowGroupRowsFor(sample, options.rowGroupBytes),
          createdBy: 'skimmer (hyparquet-writer 0.17.0)',
        });
        await rename(partial, path);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      return { rows, bytes: (await stat(path)).size };
    },
  };
}

/** The default Parquet writer (snappy, row groups of ~32 MiB). */
export const parquetWriter: DatasetWriter = createParquetWriter();
