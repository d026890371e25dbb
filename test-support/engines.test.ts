// Spec: every Node version the root package.json's `engines` admits runs every package the lockfile installs (their own
// `engines.node`), so the declared range is the one the lockfile really supports.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));

const declared: string = readJson('package.json').engines.node;
const locked = Object.entries(readJson('package-lock.json').packages as Record<string, { version?: string; engines?: unknown; dev?: boolean }>);

/**
 * The optional Kafka client @platformatic/kafka and its dependencies: an optional peer of plugins-kafka that users
 * install themselves (its dependencies declare Node >= 22.19; docs/kafka-clients.md), locked here only as a dev
 * dependency for bench:ingest's comparison and its specs. Exempt from the range check, never from being dev-only.
 */
const OPTIONAL_CLIENT = /^@platformatic\//;
const nameOf = (key: string): string => key.replace(/^.*node_modules\//, '');

/** `name@version wants <range>` for each locked package whose engines.node does not admit all of `range`. */
function excluding(range: string): string[] {
  return locked.flatMap(([key, pkg]) => {
    const wants = pkg.engines && typeof pkg.engines === 'object' ? (pkg.engines as { node?: unknown }).node : undefined;
    if (typeof wants !== 'string' || !key || semver.subset(range, wants)) return [];
    if (pkg.dev === true && OPTIONAL_CLIENT.test(nameOf(key))) return [];
    return [`${nameOf(key)}@${pkg.version} wants node ${wants}`];
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

  it('installs the optional Kafka client only for development: plugins-kafka declares it an optional peer', () => {
    const optional = locked.filter(([key]) => OPTIONAL_CLIENT.test(nameOf(key)));
    expect(optional.length).toBeGreaterThan(0);
    expect(optional.filter(([, pkg]) => pkg.dev !== true).map(([key]) => key)).toEqual([]);
    const kafka = readJson('packages/plugins-kafka/package.json');
    expect(kafka.dependencies['@platformatic/kafka']).toBeUndefined();
    expect(kafka.peerDependenciesMeta['@platformatic/kafka']).toEqual({ optional: true });
  });

  it('would catch a package that wants a newer Node (cookie@2 wants >=22)', () => {
    expect(semver.subset('>=20.19', '>=22')).toBe(false);
  });
});
