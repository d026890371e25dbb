// Saves and reloads a run's label matrices under runs/<run-id>/, so `analyze` and `fit` can rerun alone from an earlier run.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataError, labelMatrixFromData } from '@skimmer/core';
import type { LabelMatrix } from '@skimmer/core';
import type { SplitName } from './config/pipelineConfigSchema.ts';

/** `label-matrices.json`: the LF names and, per split, the shape and the file holding L's Int32 cells (little-endian). */
interface MatrixIndex {
  lfNames: string[];
  splits: Partial<Record<SplitName, { n: number; m: number; file: string }>>;
}

export const MATRIX_INDEX_FILE = 'label-matrices.json';

/**
 * Writes each split's L as `L.<split>.i32` plus an index; returns the index path (recorded as a run artifact).
 *
 * @example
 * const index = await saveLabelMatrices(runDir, applied.lfNames, applied.matrices);
 */
export async function saveLabelMatrices(runDir: string, lfNames: readonly string[], matrices: ReadonlyMap<SplitName, LabelMatrix>): Promise<string> {
  const index: MatrixIndex = { lfNames: [...lfNames], splits: {} };
  for (const [split, L] of matrices) {
    const file = `L.${split}.i32`;
    await writeFile(path.join(runDir, file), new Uint8Array(L.data.buffer, L.data.byteOffset, L.data.byteLength));
    index.splits[split] = { n: L.n, m: L.m, file };
  }
  const indexPath = path.join(runDir, MATRIX_INDEX_FILE);
  await writeFile(indexPath, JSON.stringify(index, null, 2));
  return indexPath;
}

/** Reads what {@link saveLabelMatrices} wrote. */
export async function loadLabelMatrices(indexPath: string): Promise<{ lfNames: string[]; matrices: Map<SplitName, LabelMatrix> }> {
  const index = JSON.parse(await readFile(indexPath, 'utf8')) as MatrixIndex;
  const matrices = new Map<SplitName, LabelMatrix>();
  for (const [split, entry] of Object.entries(index.splits) as [SplitName, { n: number; m: number; file: string }][]) {
    const bytes = await readFile(path.join(path.dirname(indexPath), entry.file));
    if (bytes.byteLength !== entry.n * entry.m * 4) {
      throw new DataError(`${entry.file}: ${bytes.byteLength} bytes, expected ${entry.n} × ${entry.m} Int32 cells`, { file: entry.file });
    }
    const data = new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    matrices.set(split, labelMatrixFromData(data, entry.n, entry.m));
  }
  return { lfNames: index.lfNames, matrices };
}
