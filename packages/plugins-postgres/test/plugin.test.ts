// The plugin: validates its options and registers a lazily opened Store under TOKENS.Store.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { container } from 'tsyringe';
import { TOKENS } from '@skimmer/core';
import type { Logger, Store } from '@skimmer/core';
import postgresPlugin from '../src/plugin.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function registered(config: { url?: string; dataDir?: string; kind?: 'pglite' | 'embedded' | 'server' }): Store {
  const child = container.createChildContainer();
  postgresPlugin.register({ container: child, config, logger: silent, configPath: 'plugins[0]', baseDir: process.cwd() });
  return child.resolve<Store>(TOKENS.Store);
}

describe('@skimmer/plugins-postgres', () => {
  describe('the registered Store (PGlite in memory)', () => {
    let store: Store;
    beforeAll(() => {
      store = registered({ dataDir: 'memory://' });
    });
    afterAll(() => store.close());

    test('knows its kind before it is opened', () => {
      expect(store.kind).toBe('pglite');
    });
    test('opens and migrates on first use', async () => {
      expect(await store.posts.countPosts()).toBe(0);
      expect(await store.migrate()).toEqual([]);
    });
    test('streams posts through the lazily opened store', async () => {
      await store.posts.ingestBatch({
        posts: [{ id: '1', createdAt: '2024-01-01T00:00:00.000Z', text: 't', source: 's', expandedUrls: [], mediaUrls: [], payload: null }],
      });
      const ids: string[] = [];
      for await (const p of store.posts.streamPosts()) ids.push(p.id);
      expect(ids).toEqual(['1']);
    });
  });

  test('closing a store that was never used opens nothing', async () => {
    await expect(registered({ dataDir: 'memory://' }).close()).resolves.toBeUndefined();
  });

  test('rejects an unknown kind in its options', () => {
    expect(postgresPlugin.configSchema!.safeParse({ kind: 'sqlite' }).success).toBe(false);
  });

  test('a server kind without url is a ConfigError at the option path', () => {
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      expect(() => registered({ kind: 'server' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', path: 'plugins[0].options.url' }));
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });
});
