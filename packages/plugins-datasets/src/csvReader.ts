// Reads CSV datasets with csv-parse: header row (names trimmed), BOM, quoted newlines; errors name file:line.

import { createReadStream } from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import { BadRecordError, DataError, planColumns, toDataRecord } from '@skimmer/core';
import type { ColumnPlan, DataRecord, DatasetReader, ReadDatasetOptions } from '@skimmer/core';
import { assertReadableFile, emptyFileError, handleBadRecord } from './datasetFile.ts';

interface ParsedRow {
  record: Record<string, string>;
  info: { lines: number };
  raw: string;
}

/**
 * CSV reader. Header names are trimmed (CrisisLexT6's `tweet id, tweet, label` gives `tweet id`, `tweet`, `label`);
 * a file without the text column fails before any record is read.
 *
 * @example
 * csvReader.read('youtube.csv', { columns: { id: 'COMMENT_ID', text: 'CONTENT', label: 'CLASS' } })
 */
export const csvReader: DatasetReader = {
  format: 'csv',
  async *read(file: string, options: ReadDatasetOptions = {}): AsyncIterable<DataRecord> {
    await assertReadableFile(file);
    let plan: ColumnPlan | undefined;
    const parser = parse({
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((name) => name.trim());
        plan = planColumns(file, options.columns, names);
        return names;
      },
      skip_empty_lines: true,
      info: true,
      raw: true,
    });
    createReadStream(file)
      .on('error', (error) => parser.destroy(error))
      .pipe(parser);
    let count = 0;
    try {
      for await (const row of parser as AsyncIterable<ParsedRow>) {
        count += 1;
        try {
          yield toDataRecord(row.record, plan!, row.info.lines);
        } catch (error) {
          if (!(error instanceof BadRecordError)) throw error;
          handleBadRecord(error, row.info.lines, row.raw, options);
        }
      }
    } catch (error) {
      if (error instanceof CsvError) {
        const line = (error as CsvError & { lines?: number }).lines;
        throw new DataError(`${file}:${line ?? '?'}: ${error.message}`, { file, record: line, code: error.code });
      }
      throw error;
    } finally {
      parser.destroy();
    }
    if (count === 0) throw emptyFileError(file);
  },
};
