// Copies the hand-written JavaScript modules of a package's src/ (*.mjs and their *.d.mts types) into dist/, which
// tsc does not emit: run in a package folder after `tsc -b tsconfig.build.json`, or with package folders as arguments.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

const packageDirs = process.argv.length > 2 ? process.argv.slice(2) : [process.cwd()];
for (const dir of packageDirs) {
  const src = path.join(dir, 'src');
  if (!existsSync(src)) continue;
  for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    if (!/\.(mjs|d\.mts)$/.test(file)) continue;
    const target = path.join(dir, 'dist', file);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(src, file), target);
  }
}
