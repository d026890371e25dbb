// What some test files need from the machine (a Kafka broker: Java + Maven; a browser: Chromium), found by reading them, and what is missing.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The Chromium the browser tests launch (Debian's package; never a downloaded one). */
export const CHROMIUM = '/usr/bin/chromium';

/** Its flags in the browser tests and the tagger bench: headless, no sandbox (root in CI), no background traffic. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where scripts/services/start-kafka.sh keeps the Kafka jars it fetched with Maven (once per clone). */
export const kafkaLibDir = (root: string): string => path.join(root, '.cache/kafka/lib');

/** One tool the machine lacks, the test files that need it, and the command that installs it. */
export interface MissingTool {
  readonly need: string;
  readonly missing: string;
  readonly install: string;
  /** Test files (absolute paths) that cannot run without it. */
  readonly files: string[];
}

const hasCommand = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

const kafkaJarsCached = (root: string): boolean => existsSync(kafkaLibDir(root)) && readdirSync(kafkaLibDir(root)).some((f) => /^kafka_2\.13-.*\.jar$/.test(f));

/** Every *.test.ts under the workspaces' and examples' folders (node_modules skipped). */
export function testFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.test.ts')) out.push(full);
    }
  };
  for (const top of ['packages', 'apps', 'examples']) if (existsSync(path.join(root, top))) walk(path.join(root, top));
  return out;
}

/** The test files whose text matches `pattern`. */
function filesUsing(root: string, pattern: RegExp): string[] {
  return testFiles(root).filter((f) => pattern.test(readFileSync(f, 'utf8')));
}

/** True when a broker is provided from outside: $TEST_KAFKA_BROKERS, or the env file scripts/services/start-kafka.sh writes. */
export const externalKafka = (root: string): boolean => Boolean(process.env.TEST_KAFKA_BROKERS) || existsSync(path.join(root, '.cache/services/kafka.env'));

/** True when this machine can start a broker itself: Java, and Maven unless the jars are already fetched. */
export const canStartKafka = (root: string): boolean => hasCommand('java') && (kafkaJarsCached(root) || hasCommand('mvn'));

/** The tools this machine lacks for some test files (empty when every test can run). */
export function missingTools(root: string): MissingTool[] {
  const missing: MissingTool[] = [];
  if (!externalKafka(root) && !canStartKafka(root)) {
    const what = [hasCommand('java') ? '' : 'Java', hasCommand('mvn') || kafkaJarsCached(root) ? '' : 'Maven'].filter(Boolean).join(' and ');
    missing.push({
      need: 'a Kafka broker',
      missing: what,
      install: 'apt-get install -y default-jre-headless maven',
      files: filesUsing(root, /kafkaBrokers\(|TEST_KAFKA_BROKERS|javaKafkaClasspath\(/),
    });
  }
  if (!existsSync(CHROMIUM)) {
    missing.push({
      need: 'a browser',
      missing: `Chromium (${CHROMIUM})`,
      install: 'apt-get install -y chromium',
      files: filesUsing(root, /from 'playwright-core'/),
    });
  }
  return missing.filter((m) => m.files.length > 0);
}

/** The one line printed at the end of a run that skipped files for want of a tool. */
export function missingToolsLine(root: string, missing: MissingTool[]): string {
  const files = missing.flatMap((m) => m.files).length;
  const why = missing.map((m) => `${m.need} needs ${m.missing}`).join('; ');
  const install = `apt-get install -y ${[...new Set(missing.flatMap((m) => m.install.replace('apt-get install -y ', '').split(' ')))].join(' ')}`;
  const names = missing
    .flatMap((m) => m.files)
    .map((f) => path.relative(root, f))
    .join(', ');
  return `skipped ${files} test file${files === 1 ? '' : 's'} (${why}; install: ${install}): ${names}`;
}
