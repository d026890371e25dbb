// Describes a dataset file: rows, columns with physical and logical types and null counts, and for Parquet the codecs and row groups.

import { datasetFormatOf } from '@skimmer/core';
import type { ColumnDescription, DatasetDescription, DatasetFormat, Row } from '@skimmer/core';
import type { SchemaElement } from 'hyparquet';
import { readRows } from './datasetRows.ts';
import { invalidUtf8Error, openParquet, readParquetBatches } from './parquetFile.ts';
import { holdsInvalidUtf8 } from './parquetValues.ts';
import type { ParquetColumn } from './parquetFile.ts';

export type { ColumnDescription, DatasetDescription };

/** A schema element's logical type in words. */
export function logicalTypeOf(element: SchemaElement): string | null {
  const logical = element.logical_type;
  if (logical) {
    switch (logical.type) {
      case 'TIMESTAMP':
      case 'TIME':
        return `${logical.type}(${logical.unit}${logical.isAdjustedToUTC ? ', UTC' : ''})`;
      case 'INTEGER':
        return `INTEGER(${logical.bitWidth}, ${logical.isSigned ? 'signed' : 'unsigned'})`;
      case 'DECIMAL':
        return `DECIMAL(${logical.precision}, ${logical.scale})`;
      default:
        return logical.type;
    }
  }
  return element.converted_type ?? null;
}

function physicalTypeOf(column: ParquetColumn): string {
  return column.nested ? 'group' : (column.element.type ?? 'group');
}

async function describeParquet(file: string, head: number): Promise<DatasetDescription> {
  const open = await openParquet(file);
  const nulls = new Map(open.columns.map((column) => [column.name, 0]));
  const firstRows: Row[] = [];
  for await (const batch of readParquetBatches(open)) {
    for (const [name, values] of batch.values) {
      let count = 0;
      for (let i = 0; i < values.length; i++) {
        if (values[i] === null) count += 1;
        // as `run` reads it: a cell that is not UTF-8 is an error naming file, row and column, never printed as bytes
        else if (holdsInvalidUtf8(values[i])) throw invalidUtf8Error(file, batch.rowStart + i + 1, name);
      }
      nulls.set(name, nulls.get(name)! + count);
    }
    for (let i = 0; firstRows.length < head && i < batch.rowEnd - batch.rowStart; i++) {
      firstRows.push(Object.fromEntries([...batch.values].map(([name, values]) => [name, values[i]])));
    }
  }
  const { metadata } = open;
  return {
    file,
    format: 'parquet',
    rows: open.rowCount,
    columns: open.columns.map((column) => ({
      name: column.name,
      physicalType: physicalTypeOf(column),
      logicalType: logicalTypeOf(column.element),
      nulls: nulls.get(column.name)!,
    })),
    codecs: [...new Set(metadata.row_groups.flatMap((group) => group.columns.map((chunk) => chunk.meta_data?.codec ?? 'UNKNOWN')))].sort(),
    createdBy: metadata.created_by,
    rowGroups: metadata.row_groups.map((group) => ({
      rows: Number(group.num_rows),
      compressedBytes: group.columns.reduce((sum, chunk) => sum + Number(chunk.meta_data?.total_compressed_size ?? 0n), 0),
    })),
    firstRows,
  };
}

const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

async function describeText(file: string, format: DatasetFormat, head: number): Promise<DatasetDescription> {
  const columns = new Map<string, { kinds: Set<string>; nulls: number }>();
  const firstRows: Row[] = [];
  let rows = 0;
  for await (const row of readRows(file)) {
    rows += 1;
    if (firstRows.length < head) firstRows.push(row);
    for (const [name, value] of Object.entries(row)) {
      let column = columns.get(name);
      if (!column) columns.set(name, (column = { kinds: new Set(), nulls: rows - 1 }));
      if (value === null || (format === 'csv' && value === '')) column.nulls += 1;
      else column.kinds.add(format === 'csv' ? 'text' : kindOf(value));
    }
    for (const [name, column] of columns) if (!(name in row)) column.nulls += 1;
  }
  return {
    file,
    format,
    rows,
    columns: [...columns].map(([name, column]) => ({
      name,
      physicalType: [...column.kinds].sort().join('|') || 'null',
      logicalType: null,
      nulls: column.nulls,
    })),
    firstRows,
  };
}

/**
 * Reads a whole dataset file and describes it (null counts are counted, not taken from statistics).
 *
 * @example
 * const d = await describeDataset('ssp_train_dataset.parquet'); d.columns[0] // { name: 'id', physicalType: 'BYTE_ARRAY', logicalType: 'STRING', nulls: 0 }
 */
export async function describeDataset(file: string, options: { head?: number } = {}): Promise<DatasetDescription> {
  const head = options.head ?? 5;
  const format = datasetFormatOf(file);
  return format === 'parquet' ? describeParquet(file, head) : describeText(file, format, head);
}
