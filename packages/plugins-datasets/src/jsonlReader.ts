// Reads JSON Lines (.jsonl / .ndjson) datasets line by line; malformed lines are errors naming file:line unless skipped.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { BadRecordError, planColumns, toDataRecord } from '@skimmer/core';
import type { DataRecord, DatasetReader, ReadDatasetOptions } from '@skimmer/core';
import { assertReadableFile, emptyFileError, handleBadRecord } from './datasetFile.ts';

function parseLine(file: string, lineNumber: number, line: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new BadRecordError(file, lineNumber, `invalid JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRecordError(file, lineNumber, `expected a JSON object, got ${Array.isArray(value) ? 'an array' : String(value)}`);
  }
  return value as Record<string, unknown>;
}

/**
 * Whether the file's records carry their ids: JSONL has no header, so the first record decides (an explicit
 * `columns.id` always does), and a record that disagrees is a bad record. Otherwise a record missing its id would take
 * its line number, which can be another record's real id (`2` renamed `2~2`), as a null Parquet cell once did.
 */
function idAgreement(file: string, lineNumber: number, row: Record<string, unknown>, idColumn: string, keyed: boolean): void {
  const has = Object.hasOwn(row, idColumn);
  if (has === keyed) return;
  throw new BadRecordError(
    file,
    lineNumber,
    keyed
      ? `field '${idColumn}' is missing (the file's records carry ids: its first record has one, or columns.id names it)`
      : `field '${idColumn}' is present, but the file's first record has none, so its records are numbered by line: give every record an id, or none`,
    idColumn,
  );
}

/**
 * JSONL reader: one JSON object per line, blank lines ignored; ids default to the line number when no record has one.
 *
 * @example
 * for await (const record of jsonlReader.read('posts.jsonl', { columns: { text: 'full_text' } })) console.log(record.id);
 */
export const jsonlReader: DatasetReader = {
  format: 'jsonl',
  async *read(file: string, options: ReadDatasetOptions = {}): AsyncIterable<DataRecord> {
    await assertReadableFile(file);
    const plan = planColumns(file, options.columns);
    const idColumn = options.columns?.id ?? 'id';
    let keyed: boolean | undefined = options.columns?.id !== undefined ? true : undefined;
    const input = createReadStream(file, 'utf8');
    const lines = createInterface({ input, crlfDelay: Infinity });
    let lineNumber = 0;
    let nonBlank = 0;
    try {
      for await (const rawLine of lines) {
        lineNumber += 1;
        const line = lineNumber === 1 && rawLine.charCodeAt(0) === 0xfeff ? rawLine.slice(1) : rawLine;
        if (line.trim() === '') continue;
        nonBlank += 1;
        try {
          const row = parseLine(file, lineNumber, line);
          keyed ??= Object.hasOwn(row, idColumn);
          idAgreement(file, lineNumber, row, idColumn, keyed);
          yield toDataRecord(row, plan, lineNumber);
        } catch (error) {
          if (!(error instanceof BadRecordError)) throw error;
          handleBadRecord(error, lineNumber, line, options);
        }
      }
    } finally {
      lines.close();
      input.destroy();
    }
    if (nonBlank === 0) throw emptyFileError(file);
  },
};
