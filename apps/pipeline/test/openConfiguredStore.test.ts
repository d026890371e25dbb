// Specification of the last case of the store rule (runStore.ts): a config that names no store opens the embedded default next to the config, shared by every command.

import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadConfig } from '../src/config/loadConfig.ts';
import { loadProject, storeOf } from '../src/project/loadProject.ts';
import { openProjectStore, storeConfigOf } from '../src/runStore.ts';
import { silentLogger } from './configFiles.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

test('every command opens the default store, embedded Postgres at .skimmer/postgres next to the config, whatever the working directory', {
  timeout: 60_000,
}, async () => {
  const baseDir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-store-'));
  dirs.push(baseDir);
  const file = path.join(baseDir, 'config.yaml');
  writeFileSync(file, 'labels: [a, b]\ndata: { dataset: d }\nlabelModel: { type: mv }\n');
  const saved = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  try {
    // as `pipeline run` opens it
    const store = await openProjectStore(storeConfigOf(await loadConfig(file, silentLogger)), { logger: silentLogger });
    expect(store.kind).toBe('embedded');
    // a second opener (serve while run retrains) shares it instead of writing beside it
    const second = await storeOf(await loadProject(file, { logger: silentLogger }));
    expect(second.url).toBe(store.url);
    await second.close();
    await store.close();
    expect(existsSync(path.join(baseDir, '.skimmer', 'postgres', 'PG_VERSION'))).toBe(true);
  } finally {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
  }
});
