// Test helper: runs `pipeline ingest` in-process (quiet logger) and returns the JSON of its last printed line.

import { expect, vi } from 'vitest';
import type { Logger } from '@skimmer/core';
import { ingestCommand } from '../src/commands/ingest.ts';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Runs the command, expects exit code 0 and returns the JSON of its last printed line. */
export async function runIngestJson(args: string[]): Promise<unknown> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    expect(await ingestCommand(args, quiet)).toBe(0);
    return JSON.parse(String(log.mock.calls.at(-1)![0]));
  } finally {
    log.mockRestore();
  }
}
