// Public API of @skimmer/plugins-datasets: CSV / JSONL / Parquet readers and writers, and the plugin that registers them.

import { definePlugin, registerDatasetProvider, TOKENS } from '@skimmer/core';
import { datasetProvider } from './datasetProvider.ts';
import { datasetReaders } from './readDataset.ts';

export * from './csvReader.ts';
export * from './jsonlReader.ts';
export * from './parquetReader.ts';
export * from './parquetWriter.ts';
export * from './parquetCompressors.ts';
export * from './jsonlWriter.ts';
export * from './csvWriter.ts';
export * from './datasetRows.ts';
export * from './describeDataset.ts';
export * from './parquetColumnTypes.ts';
export { readParquetRows, openParquet, readParquetBatches } from './parquetFile.ts';
export type { OpenParquet, ParquetColumn, ParquetBatch } from './parquetFile.ts';
export * from './readDataset.ts';
export * from './datasetProvider.ts';

/** Registers the CSV, JSONL and Parquet readers under `TOKENS.DatasetReader` (read them with `container.resolveAll`) and the DatasetProvider. */
export const datasetsPlugin = definePlugin({
  name: 'datasets',
  register(ctx) {
    for (const reader of Object.values(datasetReaders)) ctx.container.register(TOKENS.DatasetReader, { useValue: reader });
    registerDatasetProvider(ctx.container, datasetProvider);
  },
});

export default datasetsPlugin;
