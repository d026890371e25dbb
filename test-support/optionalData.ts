// Tests on data the repository may not ship (WRENCH trec, …): run them when $SKIMMER_EXTRA_DATA holds the set, else say so once at the end of the run.

import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { extraDataMissing, extraDataPath } from '@skimmer/core';

/** Set by globalSetup.ts for the workers: the run's folder, where skipped optional sets are noted for the closing lines. */
export const RUN_DIR_VARIABLE = 'SKIMMER_TEST_RUN_DIR';
export const OPTIONAL_DATA_NOTES = 'optional-data.txt';

/**
 * The folder of an optional set, or undefined after noting (for the line at the end of the run) that `what` did not
 * run. Tests on it are then not registered, so CI counts no skip for data that is not part of the repository.
 *
 * @example
 * const trec = optionalDataset('wrench-trec', 'labelmodel majority vote on trec');
 * if (trec) it('trec: accuracy 0.6080', async () => { … readWrenchDir(trec) … });
 */
export function optionalDataset(set: string, what: string): string | undefined {
  const dir = extraDataPath(set);
  if (dir) return dir;
  const line = `not run: ${what} (${extraDataMissing(set)})`;
  const runDir = process.env[RUN_DIR_VARIABLE];
  if (runDir) appendFileSync(path.join(runDir, OPTIONAL_DATA_NOTES), `${line}\n`);
  else console.warn(line);
  return undefined;
}
