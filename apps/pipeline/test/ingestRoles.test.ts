// Specification of `pipeline ingest --role collect` and `--role store` on a real Kafka broker: the collector and a store
// member run apart (here one after the other, the member stopping once it has stored the whole topic) and together
// store every post once.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { datasetPath } from '@skimmer/core';
import { runIngestJson as run } from './ingestRun.ts';
import { kafkaBrokers } from '../../../test-support/testServices.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-ingest-roles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
test('a collector process and a store process split the ingestion between them', { timeout: 120_000 }, async () => {
  const topic = `roles-${Date.now()}`;
  const file = path.join(dir, 'roles.yaml');
  const recordings = ['streaming_output_with_error.jsonl', 'brexit.jsonl'].map((f) => datasetPath('twitter-v2-twarc-csv', f));
  writeFileSync(
    file,
    `store: { dataDir: "${path.join(dir, 'db')}" }\ningest:\n  source: { type: replay, files: [${recordings.join(', ')}] }\n  bus: { type: kafka, brokers: [${kafkaBrokers().join(', ')}] }\n  topic: ${topic}\n  group: ${topic}\n  partitions: 2\n`,
  );
  expect(await run([file, '--role', 'collect'])).toEqual({ ingest: { role: 'collect', produced: 108 } });
  expect(await run([file, '--role', 'store', '--until-caught-up', '--duration', '90s'])).toEqual({
    ingest: { role: 'store', produced: 0, consumed: 108, insertedPosts: 107, insertedUrls: 23, deadLetters: 1, posts: 107 },
  });
  // A second store member of the same group finds everything stored and stores nothing again.
  expect(await run([file, '--role', 'store', '--until-caught-up', '--duration', '90s'])).toEqual({
    ingest: { role: 'store', produced: 0, consumed: 0, insertedPosts: 0, insertedUrls: 0, deadLetters: 0, posts: 107 },
  });
});
