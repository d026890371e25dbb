// Opens Parquet files with parquetjs-lite: checks for what it cannot decode and maps its raw values to plain JS values.

import parquet from 'parquetjs-lite';
import type { FileMetaData, ParquetField, SchemaElement } from 'parquetjs-lite';
import parquetCodecs from 'parquetjs-lite/lib/codec/index.js';
import { DataError } from '@skimmer/core';

// pyarrow (format 2.x) marks dictionary-encoded data pages RLE_DICTIONARY; the bytes are those of PLAIN_DICTIONARY,
// which parquetjs-lite 0.8.7 decodes but does not know under the newer name.
parquetCodecs.RLE_DICTIONARY ??= parquetCodecs.PLAIN_DICTIONARY;

/** Thrift CompressionCodec values, in order. parquetjs-lite reads the first three only. */
const CODEC_NAMES = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'BROTLI', 'LZ4', 'ZSTD', 'LZ4_RAW'];
const READABLE_CODECS = new Set([0, 1, 2]);
/** Thrift ConvertedType.DECIMAL. */
const CONVERTED_DECIMAL = 5;

/** Turns one raw parquetjs-lite value into a plain value (strings, numbers, ISO timestamps; ids above 2^53 as strings). */
export type ValueConverter = (raw: unknown) => unknown;

/** An open Parquet file: its top-level columns and a converter per column. */
export interface OpenParquet {
  readonly reader: parquet.ParquetReader;
  readonly columns: readonly string[];
  readonly converters: ReadonlyMap<string, ValueConverter>;
  readonly rowCount: number;
}

/** Wraps anything parquetjs-lite throws (it often throws plain strings) into a DataError naming the file. */
export function corruptParquetError(file: string, error: unknown): DataError {
  if (error instanceof DataError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new DataError(`${file}: corrupt or truncated Parquet file (${detail})`, { file, cause: detail });
}

function unsupported(file: string, what: string, column?: string): DataError {
  return new DataError(`${file}: unsupported ${what}${column ? ` in column '${column}'` : ''}; parquetjs-lite reads UNCOMPRESSED/SNAPPY/GZIP, no DECIMAL, timestamps in ms or µs (rewrite it, e.g. pyarrow compression='snappy', coerce_timestamps='ms')`, {
    file,
    field: column,
    unsupported: what,
  });
}

function assertReadable(file: string, metadata: FileMetaData): void {
  for (const element of metadata.schema.slice(1) as SchemaElement[]) {
    if (element.converted_type === CONVERTED_DECIMAL || element.logicalType?.DECIMAL) throw unsupported(file, 'type DECIMAL', element.name);
    const timestampUnit = element.logicalType?.TIMESTAMP?.unit;
    // parquetjs-lite's Thrift definitions predate NANOS: a timestamp with neither MILLIS nor MICROS set is in ns.
    if (timestampUnit && !timestampUnit.MILLIS && !timestampUnit.MICROS) throw unsupported(file, 'nanosecond timestamps', element.name);
  }
  for (const rowGroup of metadata.row_groups) {
    for (const chunk of rowGroup.columns) {
      const codec = chunk.meta_data.codec;
      if (!READABLE_CODECS.has(codec)) {
        throw unsupported(file, `compression ${CODEC_NAMES[codec] ?? `#${codec}`}`, chunk.meta_data.path_in_schema.join('.'));
      }
    }
  }
}

const toBigInt = (raw: unknown): bigint => (typeof raw === 'bigint' ? raw : BigInt(String(raw)));
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const int64Value: ValueConverter = (raw) => {
  const value = toBigInt(raw);
  return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value.toString();
};
const numberValue: ValueConverter = (raw) => Number(raw);
const booleanValue: ValueConverter = (raw) => raw === true || raw === 'true';
const textValue: ValueConverter = (raw) => (Buffer.isBuffer(raw) ? raw.toString('utf8') : raw);
const timestampMillis: ValueConverter = (raw) => new Date(Number(toBigInt(raw))).toISOString();
const timestampMicros: ValueConverter = (raw) => new Date(Number(toBigInt(raw) / 1000n)).toISOString();
const dateValue: ValueConverter = (raw) => new Date(Number(raw) * 86_400_000).toISOString().slice(0, 10);

/** Picks the converter for a field; clears the field's originalType where parquetjs-lite's own conversion is broken. */
function converterFor(field: ParquetField): ValueConverter {
  const original = field.originalType;
  switch (original) {
    // parquetjs-lite 0.8.7 throws on these (BigInt into `new Date(+value)`): decode them here from the raw integers.
    case 'TIMESTAMP_MILLIS':
      field.originalType = undefined;
      return timestampMillis;
    case 'TIMESTAMP_MICROS':
      field.originalType = undefined;
      return timestampMicros;
    case 'DATE':
      field.originalType = undefined;
      return dateValue;
    case 'UTF8':
    case 'JSON':
      return textValue;
    default:
  }
  switch (field.primitiveType) {
    case 'INT64':
      return int64Value;
    case 'INT32':
    case 'FLOAT':
    case 'DOUBLE':
      return numberValue;
    case 'BOOLEAN':
      return booleanValue;
    default:
      return textValue;
  }
}

/** Opens a Parquet file for reading; DataErrors for corrupt / truncated files and for encodings parquetjs-lite lacks. */
export async function openParquet(file: string): Promise<OpenParquet> {
  let envelope: parquet.ParquetEnvelopeReader | undefined;
  let metadata: FileMetaData;
  try {
    envelope = await parquet.ParquetEnvelopeReader.openFile(file);
    await envelope.readHeader();
    metadata = await envelope.readFooter();
  } catch (error) {
    await envelope?.close();
    throw corruptParquetError(file, error);
  }
  try {
    assertReadable(file, metadata);
    // Format 2.x files (pyarrow's default) carry version 2; the footer layout parquetjs-lite checks is the same.
    if (metadata.version === 2) metadata.version = 1;
    const reader = new parquet.ParquetReader(metadata, envelope, { rawStatistics: true });
    const converters = new Map<string, ValueConverter>();
    for (const field of reader.schema.fieldList) converters.set(field.name, converterFor(field));
    const columns = reader.schema.fieldList.filter((field) => field.path.length === 1).map((field) => field.name);
    return { reader, columns, converters, rowCount: Number(metadata.num_rows) };
  } catch (error) {
    await envelope.close();
    throw corruptParquetError(file, error);
  }
}
