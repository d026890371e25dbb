// The DatasetProvider this plugin registers: CSV / JSONL / Parquet reading, writing, describing and type inference, by file extension.

import type { DatasetProvider } from '@skimmer/core';
import { readRows, parquetWriterTypesOf, writeRows } from './datasetRows.ts';
import { describeDataset } from './describeDataset.ts';
import { inferParquetColumns } from './parquetColumnTypes.ts';
import { PARQUET_COMPRESSIONS } from './parquetCompressors.ts';
import { readDataset } from './readDataset.ts';

/** Registered under `TOKENS.DatasetProvider`; apps resolve it instead of importing this package. */
export const datasetProvider: DatasetProvider = {
  compressions: PARQUET_COMPRESSIONS,
  read: readDataset,
  readRows,
  writeRows,
  writerTypesOf: parquetWriterTypesOf,
  inferTypes: (sample) => inferParquetColumns(sample),
  describe: describeDataset,
};
