// The DatasetProvider this plugin registers: CSV / JSONL / Parquet reading, writing, describing and type inference, by file extension.

import type { DatasetProvider } from '@skimmer/core';
import { readRows, parquetWriterTypesOf, writeRows } from './datasetRows.ts';
import { describeDataset } from './describeDataset.ts';
import { inferParquetColumns } from './parquetColumnTypes.ts';
import { createParquetWriter } from './parquetWriter.ts';
import { readDataset } from './readDataset.ts';

/** Registered under `TOKENS.DatasetProvider`; apps resolve it instead of importing this package. */
export const datasetProvider: DatasetProvider = {
  read: readDataset,
  readRows,
  writeRows,
  writerTypesOf: parquetWriterTypesOf,
  inferTypes: (sample) => inferParquetColumns(sample),
  describe: describeDataset,
  writeRecords: (path, records, options = {}) => createParquetWriter({ columns: options.types }).write(path, records),
};
