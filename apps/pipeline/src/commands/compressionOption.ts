// The `--compression` option of `dataset convert` and `export`: a Parquet codec, refused for an output it would not apply to.

import { datasetFormatOf, PARQUET_COMPRESSIONS, type ParquetCompression } from '@skimmer/core';
import { UsageError } from '../usageError.ts';

/**
 * The codec `--compression` names for the output file `out`, or undefined without the option. A usage error (exit 2)
 * for an unknown codec, and for a CSV / JSONL output, which is written uncompressed (the option would be ignored).
 *
 * @example
 * compressionFor('zstd', 'labels.parquet'); // 'ZSTD'
 * compressionFor('zstd', 'labels.csv');     // throws: --compression applies to Parquet output (.parquet) only …
 */
export function compressionFor(value: string | undefined, out: string): ParquetCompression | undefined {
  if (value === undefined) return undefined;
  const compression = value.toUpperCase() as ParquetCompression;
  if (!PARQUET_COMPRESSIONS.includes(compression))
    throw new UsageError(`--compression expects one of ${PARQUET_COMPRESSIONS.join(', ').toLowerCase()}, got '${value}'`);
  const format = datasetFormatOf(out);
  if (format !== 'parquet') throw new UsageError(`--compression applies to Parquet output (.parquet) only; ${out} is ${format}, written uncompressed`);
  return compression;
}
