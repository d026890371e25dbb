// Vitest configuration: one test project per workspace package and app (plus examples), all sharing the root options.
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const projectDirs = ['packages', 'apps']
  .flatMap((group) => readdirSync(group, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(group, d.name)))
  .filter((dir) => existsSync(path.join(dir, 'package.json')));

const projects = projectDirs.map((dir) => ({
  extends: true as const,
  test: { name: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name as string, root: dir },
}));
projects.push({ extends: true as const, test: { name: 'examples', root: 'examples' } });

export default defineConfig({
  test: {
    projects,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    passWithNoTests: true,
  },
});
