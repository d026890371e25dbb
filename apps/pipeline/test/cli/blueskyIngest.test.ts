// Specification of the documented way to collect live Bluesky posts, `pipeline ingest examples/bluesky/config.yaml --duration …`,
// run as a user runs it, against a local server that replays recorded Jetstream frames (no test touches the internet).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startJetstreamReplayServer, fixtureFrames, type JetstreamReplayServer } from '@skimmer/plugins-bluesky/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from '../../src/cliProcess.ts';
import { ingestStats as stats } from './ingestOutput.ts';

const EXAMPLE = path.resolve(import.meta.dirname, '../../../../examples/bluesky/config.yaml');
const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-bluesky-cli-'));
let server: JetstreamReplayServer;

beforeAll(async () => {
  server = await startJetstreamReplayServer({ frames: fixtureFrames() });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The example config as shipped, pointed at the replay server, with a PGlite store in the temp folder. */
function exampleConfig(): string {
  const shipped = readFileSync(EXAMPLE, 'utf8');
  const pointed = shipped.replace('    type: bluesky\n', `    type: bluesky\n    endpoint: ${server.endpoint}\n`);
  expect(pointed).not.toBe(shipped);
  const file = path.join(dir, 'config.yaml');
  writeFileSync(file, `${pointed}\nstore: { kind: pglite, dataDir: ./db }\n`);
  return file;
}

test('the example config collects the replayed posts through the plugin named in it; a second run resumes from the stored cursor', async () => {
  const config = exampleConfig();
  const first = await runCli(['ingest', config, '--duration', '6s', '--log-level', 'warn'], { timeoutMs: 120_000 });
  expect(server.connections[0]?.get('wantedCollections')).toBe('app.bsky.feed.post');
  expect(server.connections[0]?.get('cursor')).toBeNull();
  const a = stats(first.stdout);
  expect({ code: first.code, ...a }).toMatchObject({
    code: FIRST.code,
    produced: FIRST.produced,
    consumed: FIRST.produced,
    insertedPosts: FIRST.insertedPosts,
    deadLetters: FIRST.deadLetters,
  });
  expect(first.stderr).toContain('went to dead_letters, more than ingest.maxDeadLetterShare (0.1)');

  const again = await runCli(['ingest', config, '--duration', '4s', '--log-level', 'warn'], { timeoutMs: 120_000 });
  expect(server.connections.at(-1)?.get('cursor')).not.toBeNull();
  const b = stats(again.stdout);
  expect(b.insertedPosts).toBe(0);
}, 240_000);

/** What the first run stores from the fixture's frames (see packages/plugins-bluesky/test/fixtures/README.md). */
// 16 posts pass the example's filters; 5 of them are the fixture's malformed frames, dead-lettered while the stream goes
// on, which is more than the default ingest.maxDeadLetterShare (0.1): exit 2 with the stored rows kept.
const FIRST = { code: 2, produced: 16, insertedPosts: 11, deadLetters: 5 };
