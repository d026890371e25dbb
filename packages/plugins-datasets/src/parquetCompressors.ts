// The page compressors the Parquet writer offers: snappy (hyparquet-writer's own), zstd (zstd's C code as wasm), gzip and brotli (node:zlib).

import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { compress as zstdCompress, init as initZstd } from '@bokuweb/zstd-wasm';
import { PARQUET_COMPRESSIONS, type ParquetCompression } from '@skimmer/core';

/** Codecs Skimmer writes (declared in core's DatasetProvider). */
export { PARQUET_COMPRESSIONS, type ParquetCompression };

type Compress = (input: Uint8Array) => Uint8Array;

let zstdReady: Promise<void> | undefined;

/** The compressors hyparquet-writer needs for `codec` (SNAPPY is built in); loads the zstd wasm module once. */
export async function compressorsFor(codec: ParquetCompression): Promise<Partial<Record<ParquetCompression, Compress>>> {
  switch (codec) {
    case 'ZSTD':
      zstdReady ??= initZstd();
      await zstdReady;
      // Level 3 is zstd's (and pyarrow's) default: ~snappy speed, ~gzip size.
      return { ZSTD: (input) => zstdCompress(input, 3) };
    case 'GZIP':
      return { GZIP: (input) => gzipSync(input) };
    case 'BROTLI':
      return { BROTLI: (input) => brotliCompressSync(input, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) };
    default:
      return {};
  }
}
