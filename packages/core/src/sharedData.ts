// Locates the shared public datasets (../shared/data beside the checkout) for tests, benchmarks and examples.

import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root (two levels above packages/core/src). */
export const repoRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Absolute path inside the shared data folder: `$SKIMMER_SHARED_DATA` if set, else `<repo>/../shared/data`.
 *
 * @example
 * sharedDataPath('wrench-youtube', 'test.json')
 */
export function sharedDataPath(...parts: string[]): string {
  const base = process.env.SKIMMER_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data');
  return path.join(base, ...parts);
}
