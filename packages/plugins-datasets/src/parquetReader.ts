// Reads Parquet datasets with hyparquet, one row group at a time, mapping columns like the other readers; values stay exact.

import { BadRecordError, DataError, planColumns, toDataRecord } from '@skimmer/core';
import type { DataRecord, DatasetReader, ReadDatasetOptions } from '@skimmer/core';
import { assertReadableFile, emptyFileError, handleBadRecord } from './datasetFile.ts';
import { openParquet, readParquetBatches } from './parquetFile.ts';
import { holdsInvalidUtf8 } from './parquetValues.ts';

function jsonOfRow(row: Record<string, unknown>): string {
  return JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

/**
 * Parquet reader (every codec pandas, Polars, DuckDB and Spark write). INT64 values above 2^53 come back as decimal
 * strings (tweet ids stay exact), timestamps as ISO strings at their full precision ('Z' when adjusted to UTC),
 * dates as YYYY-MM-DD, lists as arrays, structs as objects, null cells as null (a null id or text is a bad record,
 * as in JSONL; a null label is no label). What it cannot read exactly
 * (DECIMAL, an unknown codec, a page it cannot decode) is a DataError naming the file and the column, whatever
 * `onBadRecord` says; only records themselves (no text, text that is not UTF-8) follow `onBadRecord`.
 *
 * @example
 * for await (const record of parquetReader.read('ssp_train_dataset.parquet')) console.log(record.id, record.text);
 */
export const parquetReader: DatasetReader = {
  format: 'parquet',
  async *read(file: string, options: ReadDatasetOptions = {}): AsyncIterable<DataRecord> {
    await assertReadableFile(file);
    const open = await openParquet(file);
    const plan = planColumns(
      file,
      options.columns,
      open.columns.map((column) => column.name),
    );
    if (open.rowCount === 0) throw emptyFileError(file);
    let seen = 0;
    for await (const batch of readParquetBatches(open)) {
      const columns = [...batch.values];
      for (let i = 0; i < batch.rowEnd - batch.rowStart; i++) {
        const rowNumber = batch.rowStart + i + 1;
        seen += 1;
        const row: Record<string, unknown> = {};
        let badColumn: string | undefined;
        for (const [name, values] of columns) {
          // A null cell stays null, as in JSONL: only a column the file lacks is an absent field.
          const value = values[i] ?? null;
          if (value !== null && holdsInvalidUtf8(value)) badColumn ??= name;
          else row[name] = value;
        }
        try {
          if (badColumn !== undefined) throw new BadRecordError(file, rowNumber, `column '${badColumn}' holds bytes that are not valid UTF-8`, badColumn);
          yield toDataRecord(row, plan, rowNumber);
        } catch (error) {
          if (!(error instanceof BadRecordError)) throw error;
          handleBadRecord(error, rowNumber, jsonOfRow(row), options);
        }
      }
    }
    // The footer's row count is the contract: anything short of it is a reader failure, never a quiet partial read.
    if (seen !== open.rowCount) throw new DataError(`${file}: read ${seen} rows, the footer says ${open.rowCount}`, { file });
  },
};
