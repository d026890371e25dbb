// Specification of the CLI's one exit-code table (docs/cli.md) for every command: a missing config and a bad flag exit 2, a failing store on each store kind exits 1.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { datasetPath } from '@skimmer/core';
import { main } from '../../src/cli.ts';
import { runCli } from '../../src/cliProcess.ts';
import { SERVE_KEY, writeYoutubeConfig } from './youtubeConfig.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-exit-codes-'));
writeFileSync(path.join(dir, 'a-file'), 'not a folder\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every command with the arguments that make it read a config (or its input) that does not exist. */
const MISSING_INPUT: Readonly<Record<string, readonly string[]>> = {
  run: ['missing.yaml'],
  label: ['missing.yaml'],
  apply: ['missing.yaml'],
  analyze: ['missing.yaml'],
  fit: ['missing.yaml'],
  train: ['missing.yaml'],
  prepare: ['missing.yaml'],
  ingest: ['missing.yaml'],
  serve: ['missing.yaml'],
  'classify-stream': ['missing.yaml'],
  'labelmodel bench': ['--wrench', 'missing-dir'],
  'dataset inspect': ['missing.csv'],
  'dataset convert': ['missing.csv', path.join(dir, 'out.jsonl')],
  export: ['missing.yaml', '--out', path.join(dir, 'labels.csv')],
  'runs prune': ['missing.yaml'],
  iterate: ['missing.yaml'],
};

/** Runs `main` in this process; returns the exit code and what it wrote to stderr. */
async function cli(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(argv, { write: (text: string) => ((stderr += text), true) } as unknown as NodeJS.WritableStream);
  return { code, stderr };
}

describe('bad usage, config or data: exit 2 with one line on stderr', () => {
  test.each(Object.entries(MISSING_INPUT))('%s with a missing config or input', async (command, args) => {
    const { code, stderr } = await cli([...command.split(' '), ...args, '--log-level', 'silent']);
    expect(code, stderr).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^pipeline: .*(missing|no such)/);
  });

  test.each(Object.keys(MISSING_INPUT))('%s with an unknown flag', async (command) => {
    const { code, stderr } = await cli([...command.split(' '), ...MISSING_INPUT[command], '--no-such-flag']);
    expect(code).toBe(2);
    expect(stderr).toBe("pipeline: unknown option '--no-such-flag'\n");
  });

  test('an unknown command, a missing argument and a group without its subcommand', async () => {
    expect(await cli(['frobnicate'])).toEqual({ code: 2, stderr: "pipeline: unknown command 'frobnicate'\n" });
    expect(await cli(['run'])).toEqual({ code: 2, stderr: "pipeline: missing required argument 'config.yaml'\n" });
    expect((await cli(['runs'])).code).toBe(2);
  });
});

/** A store that cannot open: a data dir below a regular file, or a server that refuses the connection. */
function failingStore(kind: 'pglite' | 'embedded' | 'server'): string {
  if (kind !== 'server') return `store: { kind: ${kind}, dataDir: ${JSON.stringify(path.join(dir, 'a-file', 'db'))} }`;
  const server = process.env.TEST_DATABASE_URL;
  // the test server with a database that does not exist, else a port nobody listens on
  const url = server ? server.replace(/\/[^/]*$/, '/skimmer_no_such_database') : 'postgres://skimmer:x@127.0.0.1:1/skimmer';
  return `store: { kind: server, url: ${JSON.stringify(url)} }`;
}

describe.concurrent('a failing store: exit 1', () => {
  test.each(['pglite', 'embedded', 'server'] as const)(
    '%s: ingest and serve',
    async (kind) => {
      const store = failingStore(kind);
      const replay = datasetPath('twitter-v2-twarc-csv', 'brexit.jsonl');
      const config = writeYoutubeConfig(dir, {
        file: `${kind}.yaml`,
        extra: `${store}\ningest: { source: { type: replay, files: [${JSON.stringify(replay)}] } }\nprepare: { output_dir: ${JSON.stringify(path.join(dir, 'prepared'))} }\n`,
      });
      const servePinned = path.join(dir, `${kind}-serve.yaml`);
      writeFileSync(servePinned, `${store}\nserve: { model: { runId: r1 }, apiKeys: ["${SERVE_KEY}"] }\n`);
      const results = await Promise.all(
        [
          ['ingest', config],
          ['serve', servePinned, '--port', '0'],
        ].map((args) => runCli([...args, '--log-level', 'silent'], { timeoutMs: 80_000 })),
      );
      for (const result of results) {
        expect(result.code, result.stderr).toBe(1);
        expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(result.stderr).toMatch(/^pipeline: /);
      }
    },
    90_000,
  );

  test('prepare and runs prune on a failing embedded store', async () => {
    const config = writeYoutubeConfig(dir, {
      file: 'prepare-prune.yaml',
      extra: `${failingStore('embedded')}\nprepare: { output_dir: ${JSON.stringify(path.join(dir, 'prepared'))} }\n`,
    });
    const results = await Promise.all(
      [
        ['prepare', config],
        ['runs', 'prune', config],
      ].map((args) => runCli([...args, '--log-level', 'silent'], { timeoutMs: 80_000 })),
    );
    expect(results.map((r) => [r.code, r.stderr.startsWith('pipeline: ') && r.stderr.trimEnd().split('\n').length === 1])).toEqual([
      [1, true],
      [1, true],
    ]);
  }, 90_000);
});
