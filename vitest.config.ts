// Vitest configuration: one test project per workspace package and app (plus examples), all sharing the root options.
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const projectDirs = ['packages', 'apps']
  .flatMap((group) => readdirSync(group, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(group, d.name)))
  .filter((dir) => existsSync(path.join(dir, 'package.json')));

// Projects whose test files share one exclusive resource run their files one at a time (other projects still run
// beside them): plugins-kafka's files share the one broker, and one of them restarts it mid-run.
const SEQUENTIAL_FILES = new Set(['@skimmer/plugins-kafka']);

const projects = projectDirs.map((dir) => {
  const name = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name as string;
  return { extends: true as const, test: { name, root: dir, ...(SEQUENTIAL_FILES.has(name) ? { fileParallelism: false } : {}) } };
});
projects.push({ extends: true as const, test: { name: 'examples', root: 'examples' } });

export default defineConfig({
  test: {
    projects,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    passWithNoTests: true,
  },
});
