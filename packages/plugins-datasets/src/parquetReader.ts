// Reads Parquet datasets row by row with parquetjs-lite (snappy / gzip / uncompressed), mapping columns like the other readers.

import { BadRecordError, planColumns, toDataRecord } from '@skimmer/core';
import type { DataRecord, DatasetReader, ReadDatasetOptions } from '@skimmer/core';
import { assertReadableFile, emptyFileError, handleBadRecord } from './datasetFile.ts';
import { corruptParquetError, openParquet } from './parquetFile.ts';

function jsonOfRow(row: Record<string, unknown>): string {
  return JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

/**
 * Parquet reader. INT64 values above 2^53 come back as decimal strings (tweet ids stay exact), timestamps as ISO
 * strings, nulls as absent fields. ZSTD, DECIMAL and nanosecond timestamps are DataErrors that name the file.
 *
 * @example
 * for await (const record of parquetReader.read('ssp_train_dataset.parquet')) console.log(record.id, record.text);
 */
export const parquetReader: DatasetReader = {
  format: 'parquet',
  async *read(file: string, options: ReadDatasetOptions = {}): AsyncIterable<DataRecord> {
    await assertReadableFile(file);
    const { reader, columns, converters, rowCount } = await openParquet(file);
    try {
      const plan = planColumns(file, options.columns, columns);
      if (rowCount === 0) throw emptyFileError(file);
      const cursor = reader.getCursor();
      for (let rowNumber = 1; ; rowNumber += 1) {
        let raw: Record<string, unknown> | null;
        try {
          raw = await cursor.next();
        } catch (error) {
          throw corruptParquetError(file, error);
        }
        if (!raw) break;
        const row: Record<string, unknown> = {};
        for (const [column, value] of Object.entries(raw)) {
          const convert = converters.get(column);
          row[column] = convert && value !== null && value !== undefined ? convert(value) : value;
        }
        try {
          yield toDataRecord(row, plan, rowNumber);
        } catch (error) {
          if (!(error instanceof BadRecordError)) throw error;
          handleBadRecord(error, rowNumber, jsonOfRow(row), options);
        }
      }
    } finally {
      await reader.close();
    }
  },
};
