// Specification of the stage commands' refusals through the CLI: `train` with no classifier, `--run` naming no run; one line, exit 2, nothing left behind.

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runCli } from '../../src/cliProcess.ts';
import { writeYoutubeConfig } from './youtubeConfig.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-stage-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('train without a classifier section says so and exits 2, writing no run folder', async () => {
  const config = writeYoutubeConfig(dir, { file: 'no-classifier.yaml', classifier: false });
  const result = await runCli(['train', config, '--quiet', '--log-level', 'warn']);
  expect(result.code).toBe(2);
  expect(result.stderr.trim()).toBe(
    `pipeline: ${config}: nothing to train: the config has no \`classifier:\` section (e.g. \`classifier: { type: linear }\` with the '@skimmer/plugins-linear' plugin)`,
  );
  expect(existsSync(path.join(dir, 'runs'))).toBe(false);
});

test('--run with an id the store does not hold says so and exits 2, writing no run folder', async () => {
  const config = writeYoutubeConfig(dir, { file: 'unknown-run.yaml' });
  const result = await runCli(['fit', config, '--run', '20990101T000000-dead', '--quiet', '--log-level', 'warn']);
  expect(result.code).toBe(2);
  expect(result.stderr.trim()).toBe('pipeline: --run 20990101T000000-dead: no such run in the store; the store has no runs yet');
  expect(existsSync(path.join(dir, 'runs')) ? readdirSync(path.join(dir, 'runs')) : []).toEqual([]);
});
