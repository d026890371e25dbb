// Specification of `pipeline ingest` as a user runs it twice into one store: cursors keyed by the source (a new file starts at its beginning, the same file resumes from the stored cursor), too many dead letters exit 2, a missing file is one line.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { datasetPath } from '@skimmer/core';
import { runCli } from '../../src/cliProcess.ts';
import { ingestStats as stats } from './ingestOutput.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-ingest-seams-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A config ingesting `files` into the PGlite store `<dir>/db`, shared by every config of this spec. */
function config(name: string, files: readonly string[], extra = ''): string {
  const file = path.join(dir, name);
  writeFileSync(file, `store: { dataDir: ./db }\ningest:\n  source: { type: replay, files: [${files.join(', ')}] }\n${extra}`);
  return file;
}

test('a second file into the same store starts at its beginning; the same file again resumes the source from the stored cursor: nothing produced', async () => {
  const first = await runCli(['ingest', config('a.yaml', [datasetPath('twitter-v2-twarc-csv', 'brexit.jsonl')]), '--log-level', 'warn']);
  expect(first.code, first.stderr).toBe(0);
  expect(stats(first.stdout)).toMatchObject({ produced: 100, consumed: 100, deadLetters: 0 });

  const second = await runCli(['ingest', config('b.yaml', [datasetPath('twitter-v2-twarc-csv', 'many_urls.jsonl')]), '--log-level', 'warn']);
  expect(second.code, second.stderr).toBe(0);
  const b = stats(second.stdout);
  expect(b.consumed).toBe(b.produced);
  expect(b.produced).toBeGreaterThan(0);

  const again = await runCli(['ingest', config('a.yaml', [datasetPath('twitter-v2-twarc-csv', 'brexit.jsonl')]), '--log-level', 'warn']);
  expect(again.code, again.stderr).toBe(0);
  expect(stats(again.stdout)).toMatchObject({ produced: 0, consumed: 0, insertedPosts: 0 });
}, 120_000);

test('a file whose records all go to dead letters warns and exits 2', async () => {
  const csv = path.join(dir, 'no-id.csv');
  writeFileSync(csv, 'text,created_at\nhello there,2024-01-01T00:00:00Z\nsecond post,2024-01-01T00:01:00Z\n');
  const result = await runCli(['ingest', config('dead.yaml', [csv], '  maxDeadLetterShare: 0.1\n'), '--log-level', 'silent']);
  expect(stats(result.stdout)).toMatchObject({ consumed: 2, deadLetters: 2 });
  expect(result.code).toBe(2);
  expect(result.stderr.trim()).toBe(
    "pipeline ingest: 2 of 2 records (100.0%) went to dead_letters, more than ingest.maxDeadLetterShare (0.1): check the source's format and columns (SELECT error FROM dead_letters)",
  );
}, 60_000);

test('a missing replay file is one line naming the YAML path and the file, no stack trace', async () => {
  const missing = path.join(dir, 'missing.csv');
  const result = await runCli(['ingest', config('missing.yaml', [missing]), '--log-level', 'error']);
  expect(result.code).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toBe(`pipeline: ingest.source.files[0]: ${missing}: file not found (in ${path.join(dir, 'missing.yaml')})`);
  expect(result.stderr).not.toMatch(/\n\s+at /);
});
