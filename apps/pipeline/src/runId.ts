// Run ids: the UTC start time to the second and 4 random hex digits, so ids sort by start time (`20261206T184906-e4a9`).

import { randomBytes } from 'node:crypto';

/** A new run id: `YYYYMMDDTHHMMSS-xxxx`. */
export function newRunId(): string {
  return `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(2).toString('hex')}`;
}
