import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openConfiguredStore } from '../src/runStore.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

test('every command opens the default store, embedded Postgres at .skimmer/postgres next to the config, whatever the working directory', {
  timeout: 60_000,
}, async () => {
  const baseDir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-store-'));
  dirs.push(baseDir);
  const saved = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  try {
    const store = await openConfiguredStore(undefined, baseDir);
    expect(store.kind).toBe('embedded');
    // a second opener (serve while run retrains) shares it instead of writing beside it
    const second = await openConfiguredStore(undefined, baseDir);
    expect(second.url).toBe(store.url);
    await second.close();
    await store.close();
    expect(existsSync(path.join(baseDir, '.skimmer', 'postgres', 'PG_VERSION'))).toBe(true);
  } finally {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
  }
});
