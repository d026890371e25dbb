// Spec: every Node version the root package.json's `engines` admits runs every package the lockfile installs (their own
// `engines.node`), so the declared range is the one the lockfile really supports.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));

const declared: string = readJson('package.json').engines.node;
const locked = Object.entries(readJson('package-lock.json').packages as Record<string, { version?: string; engines?: unknown }>);

/** `name@version wants <range>` for each locked package whose engines.node does not admit all of `range`. */
function excluding(range: string): string[] {
  return locked.flatMap(([key, pkg]) => {
    const wants = pkg.engines && typeof pkg.engines === 'object' ? (pkg.engines as { node?: unknown }).node : undefined;
    if (typeof wants !== 'string' || !key || semver.subset(range, wants)) return [];
    return [`${key.replace(/^.*node_modules\//, '')}@${pkg.version} wants node ${wants}`];
  });
}

describe('engines.node', () => {
  it('is a valid range that admits the Node running the tests', () => {
    expect(semver.validRange(declared)).not.toBeNull();
    expect(semver.satisfies(process.version, declared)).toBe(true);
  });

  it('lies inside every locked package’s engines.node', () => {
    expect(excluding(declared)).toEqual([]);
  });

  it('would catch a package that wants a newer Node (cookie@2 wants >=22)', () => {
    expect(semver.subset('>=20.19', '>=22')).toBe(false);
  });
});
