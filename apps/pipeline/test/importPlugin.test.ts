// A user's .ts LF plugin loads under Node (not Vite) from a folder outside the repository with no node_modules
// (its @skimmer/core comes from the CLI's install), and as an ES module in a package without "type": "module".

import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
const IMPORT_PLUGIN = path.resolve(import.meta.dirname, '../src/plugins/importPlugin.ts');

const PLUGIN_TS = `import { ABSTAIN, definePlugin, labelingFunction, registerLabelingFunctions } from '@skimmer/core';
const lf = labelingFunction({ name: 'says_hi', labels: [1], apply: (point): number => (point.text.includes('hi') ? 1 : ABSTAIN) });
export default definePlugin({ name: 'hi-plugin', register(ctx) { registerLabelingFunctions(ctx.container, [lf]); } });
`;

/**
 * Imports `pluginFile` with importPlugin in a fresh Node process and returns the plugin's name. tsx is registered as
 * bin/pipeline.js does (its ESM API only: `--import tsx` would also hook require() and hide the CommonJS case).
 */
async function importInNode(pluginFile: string): Promise<string> {
  const script = `(await import('tsx/esm/api')).register();
const { importPlugin } = await import(${JSON.stringify(IMPORT_PLUGIN)});
const plugin = await importPlugin(${JSON.stringify(pluginFile)}, ${JSON.stringify(path.dirname(pluginFile))}, { file: 'config.yaml', path: ['plugins', 0] });
console.log(plugin.name);`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=@skimmer/source', '--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
  });
  return stdout.trim();
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-import-plugin-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('a .ts plugin in a folder with no node_modules gets @skimmer/core from the CLI install', async () => {
  await mkdir(path.join(dir, 'esm'));
  await writeFile(path.join(dir, 'esm', 'package.json'), JSON.stringify({ name: 'esm-lfs', type: 'module' }));
  await writeFile(path.join(dir, 'esm', 'hiLf.ts'), PLUGIN_TS);
  expect(await importInNode(path.join(dir, 'esm', 'hiLf.ts'))).toBe('hi-plugin');
});

test('a .ts plugin written with import / export loads in a package without "type": "module"', async () => {
  // @skimmer/core installed in the project (a link to the repository's), so that only the package type is in question.
  await mkdir(path.join(dir, 'cjs', 'node_modules', '@skimmer'), { recursive: true });
  await symlink(path.join(REPO_ROOT, 'packages/core'), path.join(dir, 'cjs', 'node_modules', '@skimmer', 'core'));
  await writeFile(path.join(dir, 'cjs', 'package.json'), JSON.stringify({ name: 'cjs-lfs', version: '1.0.0' }));
  await writeFile(path.join(dir, 'cjs', 'hiLf.ts'), PLUGIN_TS);
  expect(await importInNode(path.join(dir, 'cjs', 'hiLf.ts'))).toBe('hi-plugin');
});
