// Specification of the one rule every command opens its store by (runStore.ts): a plugin's Store, then a listed store plugin's options, then `store:`; the same through loadConfig (run, iterate, export, runs prune, label) and loadProject (serve, ingest, prepare, classify-stream).

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test, vi } from 'vitest';
import type { ConfigError, Logger, Store } from '@skimmer/core';
import { loadConfig } from '../src/config/loadConfig.ts';
import { loadProject, storeOf } from '../src/project/loadProject.ts';
import { describesStore, openProjectStore, storeConfigOf } from '../src/runStore.ts';
import { configFolder, silentLogger } from './configFiles.ts';

const { dir } = configFolder('skimmer-store-precedence-');
const instancePlugin = JSON.stringify(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'storeInstancePlugin.ts'));
const shelfPlugin = JSON.stringify(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'shelfStorePlugin.ts'));
const RUN_CONFIG = 'labels: [a, b]\ndata: { dataset: d }\nlabelModel: { type: mv }\n';
const FOLDERS = ['instance', 'plugin', 'section'] as const;

/** Writes `<case>/config.yaml` (relative data dirs resolve against its folder) and returns its path. */
function caseConfig(name: string, text: string): string {
  const folder = path.join(dir, name);
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'config.yaml');
  writeFileSync(file, RUN_CONFIG + text);
  return file;
}

/** Which of the case folder's PGlite folders the store wrote (PGlite writes PG_VERSION when it opens a folder). */
async function openedFolder(file: string, store: Store): Promise<string[]> {
  expect(await store.posts.countPosts()).toBe(0);
  await store.close();
  return FOLDERS.filter((f) => existsSync(path.join(path.dirname(file), f, 'PG_VERSION')));
}

/** The folder the store of `file` is in, opened as `pipeline run` opens it and as `pipeline serve` does. */
async function storeFolders(file: string, logger: Logger = silentLogger): Promise<{ run: string[]; serve: string[] }> {
  const run = await openedFolder(file, await openProjectStore(storeConfigOf(await loadConfig(file, logger)), { logger }));
  const project = await loadProject(file, { logger });
  expect(describesStore(storeConfigOf(project))).toBe(true);
  const serve = await openedFolder(file, await storeOf(project));
  return { run, serve };
}

const postgresWithOptions = `{ name: '@skimmer/plugins-postgres', options: { kind: pglite, dataDir: plugin } }`;
const section = 'store: { kind: pglite, dataDir: section }\n';

describe('the store every command opens', () => {
  test('a Store a listed plugin registers comes first, before a listed store plugin and store:', async () => {
    const file = caseConfig('instance', `plugins: [{ name: ${instancePlugin}, options: { dataDir: instance } }, ${postgresWithOptions}]\n${section}`);
    expect(await storeFolders(file)).toEqual({ run: ['instance'], serve: ['instance'] });
  }, 60_000);

  test("then a listed store plugin's options, over store: (with a warning that store: is not used)", async () => {
    const file = caseConfig('plugin', `plugins: [${postgresWithOptions}]\n${section}`);
    const warn = vi.fn();
    expect(await storeFolders(file, { ...silentLogger, warn })).toEqual({ run: ['plugin'], serve: ['plugin'] });
    expect(warn.mock.calls).toEqual([
      [`${file}: store: is not used: plugins[0].options name the store`],
      [`${file}: store: is not used: plugins[0].options name the store`],
    ]);
  }, 60_000);

  test('then store:, through a store plugin listed without options', async () => {
    const file = caseConfig('section-listed', `plugins: ['@skimmer/plugins-postgres']\n${section}`);
    expect(await storeFolders(file)).toEqual({ run: ['section'], serve: ['section'] });
  }, 60_000);

  test('then store:, through the default store plugin', async () => {
    const file = caseConfig('section', section);
    expect(await storeFolders(file)).toEqual({ run: ['section'], serve: ['section'] });
  }, 60_000);

  test('a config with no plugin store, store plugin nor store: describes no store (serve then opens none unless serving needs one)', async () => {
    const file = caseConfig('none', '');
    expect(describesStore(storeConfigOf(await loadProject(file, { logger: silentLogger })))).toBe(false);
    expect(describesStore(storeConfigOf(await loadConfig(file, silentLogger)))).toBe(false);
  });
});

describe('a store option the store provider refuses, through a loaded config (run, iterate, export, label, runs prune)', () => {
  const refused = async (file: string) => {
    const opened = openProjectStore(storeConfigOf(await loadConfig(file, silentLogger)), { logger: silentLogger });
    const error = await opened.then(
      () => undefined,
      (e: unknown) => e as ConfigError,
    );
    return { message: error?.message, file: error?.context.file, path: error?.path, line: error?.context.line };
  };

  test("names the file, the plugin options' path and the line", async () => {
    const file = caseConfig(
      'shelf-plugin',
      `plugins:
  - name: ${shelfPlugin}
    options: { shelf: middle }
`,
    );
    expect(await refused(file)).toEqual({
      message: `${file}: plugins[0].options.shelf: Invalid option: expected one of "top"|"bottom" (line 6)`,
      file,
      path: 'plugins[0].options.shelf',
      line: 6,
    });
  });
});
