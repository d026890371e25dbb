// The Parquet reader and writer Skimmer had before issue 18 (parquetjs-lite 0.8.7), kept only as the benchmark's baseline.

import parquet from 'parquetjs-lite';
import parquetCodecs from 'parquetjs-lite/lib/codec/index.js';

// As the old reader did: pyarrow's RLE_DICTIONARY pages carry PLAIN_DICTIONARY bytes, which parquetjs-lite decodes under the old name.
parquetCodecs.RLE_DICTIONARY ??= parquetCodecs.PLAIN_DICTIONARY;

const READABLE_CODECS = new Set([0, 1, 2]);
const CODEC_NAMES = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'BROTLI', 'LZ4', 'ZSTD', 'LZ4_RAW'];

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const toBigInt = (raw: unknown): bigint => (typeof raw === 'bigint' ? raw : BigInt(String(raw)));
const int64Value = (raw: unknown) => {
  const value = toBigInt(raw);
  return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value.toString();
};
const OLD_CONVERTERS: Record<string, (raw: unknown) => unknown> = {
  UTF8: (raw) => (Buffer.isBuffer(raw) ? raw.toString('utf8') : raw),
  TIMESTAMP_MILLIS: (raw) => new Date(Number(toBigInt(raw))).toISOString(),
  TIMESTAMP_MICROS: (raw) => new Date(Number(toBigInt(raw) / 1000n)).toISOString(),
  DATE: (raw) => new Date(Number(raw) * 86_400_000).toISOString().slice(0, 10),
};

/** Every row of a file as parquetjs-lite decodes it (byte arrays as UTF-8 strings, int64 as bigint or number). */
export async function* parquetjsLiteRows(file: string): AsyncIterable<Record<string, unknown>> {
  const envelope = await parquet.ParquetEnvelopeReader.openFile(file);
  await envelope.readHeader();
  const metadata = await envelope.readFooter();
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      if (!READABLE_CODECS.has(chunk.meta_data.codec)) {
        await envelope.close();
        throw new Error(`unsupported compression ${CODEC_NAMES[chunk.meta_data.codec]}`);
      }
    }
  }
  if (metadata.version === 2) metadata.version = 1;
  const reader = new parquet.ParquetReader(metadata, envelope, { rawStatistics: true });
  // As the old reader did: parquetjs-lite throws converting int64 timestamps itself, so they are decoded here.
  const converters = new Map<string, (raw: unknown) => unknown>();
  for (const field of reader.schema.fieldList) {
    const converter = field.originalType ? OLD_CONVERTERS[field.originalType] : field.primitiveType === 'INT64' ? int64Value : undefined;
    if (!converter) continue;
    if (field.originalType !== 'UTF8') field.originalType = undefined;
    converters.set(field.name, converter);
  }
  try {
    const cursor = reader.getCursor();
    for (let row = await cursor.next(); row; row = await cursor.next()) {
      for (const [key, value] of Object.entries(row)) {
        const convert = converters.get(key);
        if (convert && value !== null && value !== undefined) row[key] = convert(value);
      }
      yield row;
    }
  } finally {
    await reader.close();
  }
}

/** Writes rows with parquetjs-lite (snappy, 10,000-row groups) in the given column types, as the old writer did. */
export async function parquetjsLiteWrite(file: string, types: Record<string, string>, rows: Iterable<Record<string, unknown>>): Promise<void> {
  const fields: Record<string, { type: string; optional: boolean; compression: string }> = {};
  for (const [column, type] of Object.entries(types)) fields[column] = { type, optional: column !== 'id' && column !== 'text', compression: 'SNAPPY' };
  const writer = await parquet.ParquetWriter.openFile(new parquet.ParquetSchema(fields), file, { rowGroupSize: 10_000 });
  try {
    for (const row of rows) {
      const out: Record<string, unknown> = {};
      for (const column of Object.keys(types)) if (row[column] !== null && row[column] !== undefined) out[column] = row[column];
      await writer.appendRow(out);
    }
  } finally {
    await writer.close();
  }
}
