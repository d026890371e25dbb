// Infers a Parquet schema from the first records of a dataset and converts values to what parquetjs-lite writes.

import { DataError } from '@skimmer/core';
import type { DataRecord } from '@skimmer/core';

/** The Parquet column kinds Skimmer writes (parquetjs-lite type names). */
export type ParquetColumnType = 'UTF8' | 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP_MILLIS' | 'JSON';

function typeOfValue(value: unknown): ParquetColumnType {
  if (typeof value === 'string') return 'UTF8';
  if (typeof value === 'bigint') return 'INT64';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'INT64' : 'DOUBLE';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (value instanceof Date) return 'TIMESTAMP_MILLIS';
  return 'JSON';
}

/**
 * Column types from sample records: `id` and `text` are UTF8; every other column takes the type of its values
 * (integers → INT64 unless a fraction is seen → DOUBLE; mixed kinds → UTF8). Columns with only nulls are left out.
 *
 * @example
 * inferParquetColumns([{ id: '1', text: 'a', label: 1 }]) // Map { 'id' => 'UTF8', 'text' => 'UTF8', 'label' => 'INT64' }
 */
export function inferParquetColumns(sample: readonly DataRecord[]): Map<string, ParquetColumnType> {
  const types = new Map<string, ParquetColumnType>([
    ['id', 'UTF8'],
    ['text', 'UTF8'],
  ]);
  for (const record of sample) {
    for (const [column, value] of Object.entries(record)) {
      if (value === null || value === undefined || column === 'id' || column === 'text') continue;
      const seen = types.get(column);
      const type = typeOfValue(value);
      if (seen === undefined || seen === type) types.set(column, type);
      else if ((seen === 'INT64' && type === 'DOUBLE') || (seen === 'DOUBLE' && type === 'INT64')) types.set(column, 'DOUBLE');
      else types.set(column, 'UTF8');
    }
  }
  return types;
}

/** Converts one value for its column type; a value that does not fit is a DataError naming the record and column. */
export function toParquetValue(type: ParquetColumnType, value: unknown, record: DataRecord, column: string): unknown {
  const fail = (): never => {
    throw new DataError(`record '${record.id}': column '${column}' expects ${type}, got ${typeof value} ${String(value).slice(0, 40)}`, {
      record: record.id,
      field: column,
      expected: type,
    });
  };
  switch (type) {
    case 'UTF8':
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'JSON':
      return JSON.stringify(value);
    case 'INT64':
      return typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value)) ? value : fail();
    case 'DOUBLE':
      return typeof value === 'number' ? value : fail();
    case 'BOOLEAN':
      return typeof value === 'boolean' ? value : fail();
    case 'TIMESTAMP_MILLIS':
      return value instanceof Date ? value : fail();
  }
}
