// File-level checks shared by the dataset readers: the file exists, is not empty, and bad records follow the policy.

import { stat } from 'node:fs/promises';
import { type BadRecordError, DataError } from '@skimmer/core';
import type { ReadDatasetOptions } from '@skimmer/core';

/** Throws a DataError naming the file when it does not exist ('file not found'), is a directory or is empty (0 bytes); returns its size. */
export async function assertReadableFile(file: string): Promise<number> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new DataError(`${file}: not a file`, { file });
    size = info.size;
  } catch (error) {
    if (error instanceof DataError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DataError(`${file}: file not found`, { file });
    throw new DataError(`${file}: cannot read dataset file (${(error as Error).message})`, { file });
  }
  if (size === 0) throw emptyFileError(file);
  return size;
}

/** The error for a file that holds no records. */
export function emptyFileError(file: string): DataError {
  return new DataError(`${file}: empty file (no records)`, { file });
}

/**
 * Applies `onBadRecord` to a record that failed: rethrows under 'error' (the default),
 * drops it under 'skip', and appends it to `deadLetters` under 'dead-letter'.
 */
export function handleBadRecord(error: BadRecordError, line: number, raw: string, options: ReadDatasetOptions): void {
  const policy = options.onBadRecord ?? 'error';
  if (policy === 'error') throw error;
  if (policy === 'dead-letter') options.deadLetters?.push({ file: error.context.file as string, line, raw, error: error.message });
}
