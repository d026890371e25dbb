// Opens Parquet files with hyparquet: refuses what it cannot read exactly, naming file and column, and reads row groups column by column.

import { asyncBufferFromFile, parquetMetadataAsync, parquetScan, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, FileMetaData, ParquetScan, SchemaElement, SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DataError } from '@skimmer/core';
import { assertReadableFile } from './datasetFile.ts';
import { exactParsers, holdsInvalidUtf8, plainValue } from './parquetValues.ts';

/** What one top-level column of an open file is: its schema element and how its cells are turned into plain values. */
export interface ParquetColumn {
  readonly name: string;
  readonly element: SchemaElement;
  /** The column's leaves are nested (LIST, MAP or a struct). */
  readonly nested: boolean;
  convert(values: ArrayLike<unknown>): unknown[];
}

/** An open Parquet file: metadata, top-level columns, and the row ranges (one per row group) to read. */
export interface OpenParquet {
  readonly file: string;
  readonly metadata: FileMetaData;
  readonly columns: readonly ParquetColumn[];
  readonly rowCount: number;
  readonly scan: ParquetScan;
}

/** Wraps anything the Parquet library throws into a DataError naming the file. */
export function corruptParquetError(file: string, error: unknown): DataError {
  if (error instanceof DataError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new DataError(`${file}: corrupt or truncated Parquet file (${detail})`, { file, cause: detail });
}

function unsupported(file: string, what: string, column: string): DataError {
  return new DataError(`${file}: unsupported ${what} in column '${column}' (Skimmer reads Parquet values exactly or not at all)`, {
    file,
    field: column,
    unsupported: what,
  });
}

/** Encodings and types hyparquet would read lossily (DECIMAL as float) are refused before any row is read. */
function assertExact(file: string, element: SchemaElement, column: string): void {
  if (element.converted_type === 'DECIMAL' || element.logical_type?.type === 'DECIMAL') throw unsupported(file, 'type DECIMAL', column);
  if (element.converted_type === 'INTERVAL' || element.logical_type?.type === 'INTERVAL') throw unsupported(file, 'type INTERVAL', column);
  if (element.converted_type === 'BSON' || element.logical_type?.type === 'BSON') throw unsupported(file, 'type BSON', column);
}

function leaves(node: SchemaTree): SchemaTree[] {
  return node.children.length === 0 ? [node] : node.children.flatMap(leaves);
}

/**
 * Timestamps not adjusted to UTC are wall-clock times: their ISO form carries no 'Z'. Spark's legacy INT96 carries no
 * zone either; pyarrow and pandas read it as a naive timestamp, and so does Skimmer.
 */
function isLocalTimestamp(element: SchemaElement): boolean {
  const logical = element.logical_type;
  return (logical?.type === 'TIMESTAMP' && !logical.isAdjustedToUTC) || element.type === 'INT96';
}

function columnOf(file: string, node: SchemaTree): ParquetColumn {
  const { element } = node;
  for (const leaf of leaves(node)) assertExact(file, leaf.element, element.name);
  const local = isLocalTimestamp(element);
  return {
    name: element.name,
    element,
    nested: node.children.length > 0,
    convert(values) {
      const out = Array.from(values, plainValue);
      if (local) for (let i = 0; i < out.length; i++) if (typeof out[i] === 'string') out[i] = (out[i] as string).slice(0, -1);
      return out;
    },
  };
}

const KNOWN_CODECS = new Set(['UNCOMPRESSED', ...Object.keys(compressors)]);

/** Opens a Parquet file: DataErrors for corrupt / truncated files and for codecs or types it cannot read exactly. */
export async function openParquet(file: string): Promise<OpenParquet> {
  let buffer: AsyncBuffer;
  let metadata: FileMetaData;
  await assertReadableFile(file); // a missing file is 'file not found', not a corrupt one
  try {
    buffer = await asyncBufferFromFile(file);
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw corruptParquetError(file, error);
  }
  const tree = parquetSchema(metadata);
  const columns = tree.children.map((node) => columnOf(file, node));
  for (const rowGroup of metadata.row_groups) {
    for (const chunk of rowGroup.columns) {
      const codec = chunk.meta_data?.codec;
      if (codec && !KNOWN_CODECS.has(codec)) throw unsupported(file, `compression ${codec}`, chunk.meta_data!.path_in_schema.join('.'));
    }
  }
  let scan: ParquetScan;
  try {
    scan = await parquetScan({ file: buffer, metadata, compressors, parsers: exactParsers });
  } catch (error) {
    throw corruptParquetError(file, error);
  }
  return { file, metadata, columns, rowCount: Number(metadata.num_rows), scan };
}

/** The plain values of one column over one row range; a decoding failure names the file, the column and the rows. */
export async function readColumnRange(open: OpenParquet, column: ParquetColumn, rowStart: number, rowEnd: number): Promise<unknown[]> {
  let decoded: ArrayLike<unknown>;
  try {
    decoded = await open.scan.readColumn({ column: column.name, rowStart, rowEnd });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new DataError(`${open.file}: cannot read column '${column.name}' (rows ${rowStart + 1}-${rowEnd}): ${detail}`, {
      file: open.file,
      field: column.name,
      cause: detail,
    });
  }
  // A short column would shift every later value onto the wrong row: never hand out a partial read.
  if (decoded.length !== rowEnd - rowStart) {
    throw new DataError(
      `${open.file}: column '${column.name}' decoded ${decoded.length} values for rows ${rowStart + 1}-${rowEnd} (expected ${rowEnd - rowStart})`,
      {
        file: open.file,
        field: column.name,
      },
    );
  }
  return column.convert(decoded);
}

/** One decoded row range: the column names and, per column, its plain values. */
export interface ParquetBatch {
  readonly rowStart: number;
  readonly rowEnd: number;
  readonly values: ReadonlyMap<string, unknown[]>;
}

/** Reads the file one row group at a time (all or the named columns), in file order. */
export async function* readParquetBatches(open: OpenParquet, names?: readonly string[]): AsyncIterable<ParquetBatch> {
  const wanted = names ? open.columns.filter((column) => names.includes(column.name)) : open.columns;
  for (const { rowStart, rowEnd } of open.scan.ranges) {
    const values = new Map<string, unknown[]>();
    for (const column of wanted) values.set(column.name, await readColumnRange(open, column, rowStart, rowEnd));
    yield { rowStart, rowEnd, values };
  }
}

/**
 * Every row of a Parquet file as a plain object (nulls as null), exactly as decoded; a cell that is not valid UTF-8
 * is a DataError naming the file, the row and the column.
 *
 * @example
 * for await (const row of readParquetRows('pandas.parquet')) console.log(row.tweet_id, row.created_at);
 */
export async function* readParquetRows(file: string): AsyncIterable<Record<string, unknown>> {
  const open = await openParquet(file);
  for await (const batch of readParquetBatches(open)) {
    for (let i = 0; i < batch.rowEnd - batch.rowStart; i++) {
      const row: Record<string, unknown> = {};
      for (const [name, values] of batch.values) {
        if (holdsInvalidUtf8(values[i])) throw invalidUtf8Error(file, batch.rowStart + i + 1, name);
        row[name] = values[i];
      }
      yield row;
    }
  }
}

/** The error for a cell that holds bytes that are not UTF-8 (row is 1-based). */
export function invalidUtf8Error(file: string, row: number, column: string): DataError {
  return new DataError(`${file}:${row}: column '${column}' holds bytes that are not valid UTF-8`, { file, record: row, field: column });
}
