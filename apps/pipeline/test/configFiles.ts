// Test helper: a temp folder removed after the file's tests, a writer of config files into it, and a logger that says nothing.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { Logger } from '@skimmer/core';

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Makes a temp folder (removed after all tests of the calling file) and returns it with `config(name, text)`, which writes a file there and returns its path. */
export function configFolder(prefix: string): { dir: string; config: (name: string, text: string) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    config: (name, text) => {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    },
  };
}
