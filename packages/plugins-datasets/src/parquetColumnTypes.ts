// Infers a Parquet schema from the first records of a dataset and converts values to what the Parquet writer stores.

import { DataError } from '@skimmer/core';
import type { ParquetColumnType } from '@skimmer/core';
import type { SchemaElement } from 'hyparquet';

/** The Parquet column kinds Skimmer writes (declared in core's DatasetProvider). Timestamps are instants adjusted to UTC; JSON holds lists and objects, encoded once. */
export type { ParquetColumnType };

/** ISO-8601 instants with a zone (Z or ±hh:mm); the fraction's length picks the unit. */
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

function timestampTypeOf(text: string): ParquetColumnType | null {
  const match = ISO_INSTANT.exec(text);
  if (!match || Number.isNaN(Date.parse(`${match[1]}${match[3]}`))) return null;
  const digits = match[2]?.length ?? 0;
  return digits <= 3 ? 'TIMESTAMP_MILLIS' : digits <= 6 ? 'TIMESTAMP_MICROS' : 'TIMESTAMP_NANOS';
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const TIMESTAMP_RANK: Readonly<Record<string, number>> = { TIMESTAMP_MILLIS: 1, TIMESTAMP_MICROS: 2, TIMESTAMP_NANOS: 3 };

function typeOfValue(value: unknown): ParquetColumnType {
  if (typeof value === 'string') return timestampTypeOf(value) ?? 'UTF8';
  if (typeof value === 'bigint') return 'INT64';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'INT64' : 'DOUBLE';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (value instanceof Date) return 'TIMESTAMP_MILLIS';
  return 'JSON';
}

function merge(seen: ParquetColumnType, type: ParquetColumnType): ParquetColumnType {
  if (seen === type) return seen;
  if ((seen === 'INT64' && type === 'DOUBLE') || (seen === 'DOUBLE' && type === 'INT64')) return 'DOUBLE';
  if (TIMESTAMP_RANK[seen] && TIMESTAMP_RANK[type]) return TIMESTAMP_RANK[seen] > TIMESTAMP_RANK[type] ? seen : type;
  return 'UTF8';
}

/**
 * Column types from sample records: `id` and `text` are UTF8; every other column takes the type of its values
 * (integers → INT64 unless a fraction is seen → DOUBLE; ISO-8601 instants with a zone → TIMESTAMP in ms, µs or ns
 * by their fraction digits; Dates → TIMESTAMP_MILLIS; lists and objects → JSON; mixed kinds → UTF8). Columns with
 * only nulls are left out. With `keyColumns` false, id and text are columns like any other.
 *
 * @example
 * inferParquetColumns([{ id: '1', text: 'a', label: 1, created_at: '2013-01-01T00:00:00.000Z' }])
 * // Map { 'id' => 'UTF8', 'text' => 'UTF8', 'label' => 'INT64', 'created_at' => 'TIMESTAMP_MILLIS' }
 */
export function inferParquetColumns(sample: readonly Record<string, unknown>[], keyColumns = true): Map<string, ParquetColumnType> {
  const types = new Map<string, ParquetColumnType>(
    keyColumns
      ? [
          ['id', 'UTF8'],
          ['text', 'UTF8'],
        ]
      : [],
  );
  for (const record of sample) {
    for (const [column, value] of Object.entries(record)) {
      if (value === null || value === undefined || (keyColumns && (column === 'id' || column === 'text'))) continue;
      const seen = types.get(column);
      const type = typeOfValue(value);
      types.set(column, seen === undefined ? type : merge(seen, type));
    }
  }
  return types;
}

const TIMESTAMP_UNITS = {
  TIMESTAMP_MILLIS: { unit: 'MILLIS', digits: 3 },
  TIMESTAMP_MICROS: { unit: 'MICROS', digits: 6 },
  TIMESTAMP_NANOS: { unit: 'NANOS', digits: 9 },
} as const;

/** The schema element of a column (optional unless `required`): what pyarrow, pandas and Polars read the type as. */
export function parquetSchemaElement(name: string, type: ParquetColumnType, required: boolean): SchemaElement {
  const repetition_type = required ? 'REQUIRED' : 'OPTIONAL';
  switch (type) {
    case 'UTF8':
      return { name, repetition_type, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'JSON':
      return { name, repetition_type, type: 'BYTE_ARRAY', converted_type: 'JSON', logical_type: { type: 'JSON' } };
    case 'INT64':
      return { name, repetition_type, type: 'INT64' };
    case 'DOUBLE':
      return { name, repetition_type, type: 'DOUBLE' };
    case 'BOOLEAN':
      return { name, repetition_type, type: 'BOOLEAN' };
    default: {
      const { unit } = TIMESTAMP_UNITS[type];
      // Converted types exist for ms and µs only; readers that know the logical type need nothing else.
      const converted_type = unit === 'NANOS' ? undefined : (type as 'TIMESTAMP_MILLIS' | 'TIMESTAMP_MICROS');
      return { name, repetition_type, type: 'INT64', converted_type, logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit } };
    }
  }
}

function instantOf(value: unknown, type: keyof typeof TIMESTAMP_UNITS): bigint | null {
  const { digits } = TIMESTAMP_UNITS[type];
  if (value instanceof Date) {
    const millis = value.getTime();
    return Number.isNaN(millis) ? null : BigInt(millis) * 10n ** BigInt(digits - 3);
  }
  if (typeof value !== 'string') return null;
  const match = ISO_INSTANT.exec(value);
  if (!match) return null;
  const millis = Date.parse(`${match[1]}${match[3]}`);
  const fraction = match[2] ?? '';
  if (Number.isNaN(millis) || fraction.length > digits) return null;
  return (BigInt(millis) / 1000n) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
}

/** Converts one value for its column type; a value that does not fit is a DataError naming the record and column. */
export function toParquetValue(type: ParquetColumnType, value: unknown, record: Record<string, unknown>, column: string): unknown {
  const fail = (why = `expects ${type}`): never => {
    throw new DataError(`record '${String(record.id ?? '?')}': column '${column}' ${why}, got ${typeof value} ${String(value).slice(0, 40)}`, {
      record: String(record.id ?? '?'),
      field: column,
      expected: type,
    });
  };
  switch (type) {
    case 'UTF8': {
      const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
      // A lone surrogate cannot be written as UTF-8: the encoder would put U+FFFD in its place without a word.
      return LONE_SURROGATE.test(text) ? fail('holds a lone UTF-16 surrogate (not encodable as UTF-8)') : text;
    }
    case 'JSON':
      return value;
    case 'INT64':
      if (typeof value === 'bigint') return value;
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
      if (typeof value === 'string' && /^-?\d{1,19}$/.test(value)) {
        const integer = BigInt(value);
        if (integer >= -(2n ** 63n) && integer < 2n ** 63n) return integer;
      }
      return fail();
    case 'DOUBLE':
      return typeof value === 'number' ? value : fail();
    case 'BOOLEAN':
      return typeof value === 'boolean' ? value : fail();
    default:
      return instantOf(value, type) ?? fail(`expects an ISO-8601 instant with a zone (${TIMESTAMP_UNITS[type].unit})`);
  }
}
