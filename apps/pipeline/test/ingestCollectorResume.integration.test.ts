// Specification of the collector's resume on Kafka: `pipeline ingest --role collect` run twice against a Bluesky Jetstream
// replay server produces the replay once, then only what the source published since (read back from the topic's last batch).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runIngestJson as run } from './ingestRun.ts';
import { kafkaBrokers } from '../../../test-support/testServices.ts';
import { fixtureFrames, startJetstreamReplayServer } from '../../../packages/plugins-bluesky/test/jetstreamReplayServer.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-collector-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
test('a second collector run resumes from the cursor of the last batch on the topic and produces only what is new', { timeout: 90_000 }, async () => {
  const frames = fixtureFrames();
  const topic = `collector-resume-${Date.now()}`;
  // The first run sees the first 30 frames; while ingest is down the source publishes the rest (the server reads the
  // array at each connection).
  const published = frames.slice(0, 30);
  const server = await startJetstreamReplayServer({ frames: published });
  const configFor = (name: string, source: string): string => {
    const file = path.join(dir, name);
    writeFileSync(
      file,
      `plugins: ['@skimmer/plugins-bluesky']\ningest:\n  source: { type: bluesky, endpoint: '${server.endpoint}'${source} }\n  bus: { type: kafka, brokers: [${kafkaBrokers().join(', ')}] }\n  topic: ${topic}\n  partitions: 2\n  batchSize: 5\n`,
    );
    return file;
  };
  try {
    const file = configFor('collect.yaml', '');
    expect(await run([file, '--role', 'collect', '--duration', '4s'])).toEqual({ ingest: { role: 'collect', produced: 16 } });
    published.push(...frames.slice(30));
    // 16 records in batches of 5 (5, 5, 5, 1): the newest batch on the topic (the 16th record) resumes from the cursor
    // before it, the 15th record's time_us (frame 23); Jetstream replays inclusively, so frames 23 and 24 come again
    // (upserted by id), then the 8 records published while ingest was down.
    expect(await run([file, '--role', 'collect', '--duration', '4s'])).toEqual({ ingest: { role: 'collect', produced: 10 } });
    // Other filters are another source: it does not take this one's cursor (no cursor: Jetstream's live tip; here the replay's start).
    const other = configFor('other.yaml', ', keywords: [LLM]');
    expect(await run([other, '--role', 'collect', '--duration', '4s'])).toEqual({ ingest: { role: 'collect', produced: 8 } });
    expect(server.connections.map((q) => q.get('cursor'))).toEqual([null, '1779720001920954', null]);
  } finally {
    await server.close();
  }
});
