// Reloads a run's label matrices from runs/<run-id>/, so `analyze` and `fit` can rerun alone from an earlier run.

import { readFile } from 'node:fs/promises';
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

/** Reads the label matrices a run wrote (stages/splitRows.ts writes `L.<split>.i32` and this index). */
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
