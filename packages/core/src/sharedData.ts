// Locates the datasets shipped in the repository (<repo>/datasets) and the optional folder of unlicensed sets.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root (two levels above packages/core/src). */
export const repoRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The folder of the redistributable datasets that ship with the repository (docs/datasets.md lists them). */
export const datasetsDir: string = path.join(repoRoot, 'datasets');

/**
 * Absolute path of a file or folder inside `<repo>/datasets`, e.g. `datasetPath('wrench-youtube', 'test.json')`.
 * Pure: it never checks that the path exists (a reader reports a missing file, naming it).
 */
export function datasetPath(...parts: string[]): string {
  return path.join(datasetsDir, ...parts);
}

/**
 * Like {@link datasetPath}, but throws at once, naming the file, when it is not there: for callers whose reader would
 * otherwise wait on a stream that never opens.
 */
export function existingDatasetPath(...parts: string[]): string {
  const p = datasetPath(...parts);
  if (!existsSync(p)) throw new Error(`missing data file ${p}: datasets/ ships with the repository (docs/datasets.md lists its files)`);
  return p;
}

/** The environment variable that names the optional folder of data the repository may not redistribute. */
export const EXTRA_DATA_VARIABLE = 'SKIMMER_EXTRA_DATA';

/**
 * Path inside the optional folder `$SKIMMER_EXTRA_DATA` (sets whose licence forbids shipping them, e.g. WRENCH trec),
 * or undefined when the variable is unset or the path is not there. Callers skip their work and say so
 * ({@link extraDataMissing}) when it is undefined.
 */
export function extraDataPath(...parts: string[]): string | undefined {
  const base = process.env[EXTRA_DATA_VARIABLE];
  if (!base) return undefined;
  const p = path.join(path.resolve(base), ...parts);
  return existsSync(p) ? p : undefined;
}

/** One sentence saying that an optional set is absent and how to provide it. */
export function extraDataMissing(...parts: string[]): string {
  const base = process.env[EXTRA_DATA_VARIABLE];
  const where = path.join(...parts);
  return base
    ? `optional data ${where} is not in $${EXTRA_DATA_VARIABLE} (${path.resolve(base)})`
    : `optional data ${where} is absent: set ${EXTRA_DATA_VARIABLE} to a folder that holds ${where} (not redistributable, see docs/datasets.md)`;
}
