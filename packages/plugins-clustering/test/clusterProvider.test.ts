// Specification of the plugin and the `type: cluster` entry: registration, validation, and the errors a user can meet.

import 'reflect-metadata';
import { describe, expect, test } from 'vitest';
import { container } from 'tsyringe';
import { DataError, TOKENS, type LFBuildContext, type LFProvider, type Logger } from '@skimmer/core';
import clusteringPlugin, { clusterLFs, clusterProvider } from '../src/index.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const ctx: LFBuildContext = { train: [{ id: '1', text: 'a b' }], seed: 0, cardinality: 2, logger: silent, baseDir: '.' };

describe('the @skimmer/plugins-clustering plugin', () => {
  test('registers the provider for type cluster', async () => {
    const child = container.createChildContainer();
    await clusteringPlugin.register({ container: child, config: undefined, logger: silent, configPath: 'plugins[0]', baseDir: '.' });
    expect(child.resolveAll<LFProvider>(TOKENS.LFProvider).map((p) => p.type)).toEqual(['cluster']);
  });

  test('the entry schema refuses an unknown vectorizer on its field', () => {
    const result = clusterProvider.entrySchema.safeParse({ type: 'cluster', name: 'c', vectorizer: 'bert' });
    expect(result.error?.issues.map((i) => i.path)).toEqual([['vectorizer']]);
  });

  test('the entry schema refuses minPurity above 1', () => {
    expect(clusterProvider.entrySchema.safeParse({ type: 'cluster', name: 'c', minPurity: 1.5 }).success).toBe(false);
  });

  test('building without dev gold is a ConfigError that says why', () => {
    const entry = clusterProvider.entrySchema.parse({ type: 'cluster', name: 'c' });
    expect(() => clusterProvider.create(entry, ctx)).toThrow(
      'type: cluster LFs "c" need dev points with gold labels to name their clusters, and the pipeline has none',
    );
  });

  test('fewer train texts than clusters is a DataError', () => {
    const build = () => clusterLFs({ name: 'c', k: 5 }, { train: ctx.train, dev: { points: [], labels: [] }, cardinality: 2, seed: 0 });
    expect(build).toThrow(DataError);
    expect(build).toThrow('k-means needs at least k = 5 train texts, got 1');
  });

  test('a point whose text field is not a string gets ABSTAIN', () => {
    const train = ['spam spam buy', 'spam buy now', 'song love it', 'love this song'].map((text, i) => ({ id: String(i), text }));
    const { lfs } = clusterLFs(
      { name: 'c', k: 2, seed: 3, minClusterGold: 1 },
      { train, dev: { points: train, labels: [1, 1, 0, 0] }, cardinality: 2, seed: 0 },
    );
    expect(lfs.length).toBe(2);
    expect(lfs.map((lf) => lf.apply({ id: 'x', text: 'spam buy' }))).toContain(1);
    expect(lfs.map((lf) => lf.apply({ id: 'x', text: 42 as unknown as string }))).toEqual([-1, -1]);
  });
});
