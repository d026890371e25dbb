// Writes datasets as Parquet with parquetjs-lite (snappy by default); the schema is inferred from the first records.

import { stat } from 'node:fs/promises';
import parquet from 'parquetjs-lite';
import type { DataRecord, DatasetWriter, WriteDatasetResult } from '@skimmer/core';
import { inferParquetColumns, toParquetValue } from './parquetColumnTypes.ts';
import type { ParquetColumnType } from './parquetColumnTypes.ts';

/** Options of the Parquet writer. */
export interface ParquetWriterOptions {
  compression?: 'SNAPPY' | 'GZIP' | 'UNCOMPRESSED';
  /** Rows per row group (default 10,000). */
  rowGroupSize?: number;
  /** Records looked at to infer column types (default 1,000). */
  inferenceSample?: number;
  /** Column types to write, skipping inference (e.g. `inferParquetColumns(allRecords)` when late records add columns). */
  columns?: ReadonlyMap<string, ParquetColumnType>;
}

function parquetSchema(types: ReadonlyMap<string, ParquetColumnType>, compression: string): parquet.ParquetSchema {
  const fields: Record<string, { type: string; optional?: boolean; compression: string }> = {};
  for (const [column, type] of types) fields[column] = { type, optional: column !== 'id' && column !== 'text', compression };
  return new parquet.ParquetSchema(fields);
}

async function* iterate(records: Iterable<DataRecord> | AsyncIterable<DataRecord>): AsyncIterable<DataRecord> {
  yield* records;
}

/**
 * A Parquet DatasetWriter. Columns other than id / text are optional; a later value of another type is a DataError.
 *
 * @example
 * await createParquetWriter({ compression: 'GZIP' }).write('out.parquet', [{ id: '1', text: 'hello' }])
 */
export function createParquetWriter(options: ParquetWriterOptions = {}): DatasetWriter {
  const compression = options.compression ?? 'SNAPPY';
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
      const types = options.columns ?? inferParquetColumns(sample);
      const writer = await parquet.ParquetWriter.openFile(parquetSchema(types, compression), path, { rowGroupSize: options.rowGroupSize ?? 10_000 });
      let rows = 0;
      const append = async (record: DataRecord) => {
        const row: Record<string, unknown> = {};
        for (const [column, type] of types) {
          const value = record[column];
          if (value !== null && value !== undefined) row[column] = toParquetValue(type, value, record, column);
        }
        await writer.appendRow(row);
        rows += 1;
      };
      try {
        for (const record of sample) await append(record);
        for (; !next.done; next = await iterator.next()) await append(next.value);
      } finally {
        await writer.close();
      }
      return { rows, bytes: (await stat(path)).size };
    },
  };
}

/** The default Parquet writer (snappy, 10,000-row groups). */
export const parquetWriter: DatasetWriter = createParquetWriter();
