// Config mistakes give one line on stderr naming the file, the YAML path and the line, and exit code 2 (a stack trace only with --debug).

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sharedDataPath } from '@skimmer/core';
import { main } from '../src/cli.ts';

let dir: string;

const VALID = `labels: [ham, spam]
plugins:
  - '@skimmer/plugins-regex'
data:
  train:
    path: ${sharedDataPath('uci-youtube-spam', 'Youtube01-Psy.csv')}
    columns: { id: COMMENT_ID, text: CONTENT, label: CLASS }
lfs:
  - { type: keyword, name: keyword_my, keywords: [my], label: spam }
  - { type: regex, name: regex_check_out, pattern: "check.*out", label: spam }
labelModel:
  type: snorkel
  options: { nEpochs: 10 }
`;

/** Writes `config.yaml` (VALID with one edit) and runs `pipeline run` on it; returns the exit code and stderr lines. */
async function runWith(yaml: string, ...flags: string[]): Promise<{ code: number; lines: string[] }> {
  const file = path.join(dir, 'config.yaml');
  await writeFile(file, yaml);
  let stderr = '';
  const err = new Writable({ write: (chunk, _enc, done) => ((stderr += String(chunk)), done()) });
  const code = await main(['run', path.relative(process.cwd(), file), '--quiet', '--log-level', 'silent', ...flags], err);
  return { code, lines: stderr.trimEnd().split('\n') };
}

const rel = () => path.relative(process.cwd(), path.join(dir, 'config.yaml'));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-config-errors-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('config errors', () => {
  test('a wrong key names its YAML path and line', async () => {
    const { code, lines } = await runWith(VALID.replace('options: { nEpochs: 10 }', 'options: { nEpochs: 10 }\n  typo: 1'));
    expect(code).toBe(2);
    expect(lines).toEqual([`pipeline: ${rel()}: labelModel.typo: unknown key (line 14)`]);
  });

  test('an unknown plugin names the plugins entry', async () => {
    const { code, lines } = await runWith(VALID.replace('@skimmer/plugins-regex', '@skimmer/plugins-nope'));
    expect(code).toBe(2);
    expect(lines).toEqual([
      `pipeline: ${rel()}: plugins[0]: cannot find plugin package "@skimmer/plugins-nope" (install it, or give a path to a .ts / .js file) (line 3)`,
    ]);
  });

  test('an invalid regex names the LF entry\'s pattern', async () => {
    const { code, lines } = await runWith(VALID.replace('"check.*out"', '"check.*(out"'));
    expect(code).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^pipeline: ${rel().replace(/[.*]/g, '\\$&')}: lfs\\[1\\]\\.pattern: invalid regex: missing closing \\).* \\(line 10\\)$`));
  });

  test('a missing data file names the YAML path and the file', async () => {
    const { code, lines } = await runWith(VALID.replace('Youtube01-Psy.csv', 'Youtube99.csv'));
    expect(code).toBe(2);
    expect(lines).toEqual([`pipeline: ${rel()}: data.train.path: file not found: ${sharedDataPath('uci-youtube-spam', 'Youtube99.csv')} (line 6)`]);
  });

  test('a missing config file names the file', async () => {
    let stderr = '';
    const err = new Writable({ write: (chunk, _enc, done) => ((stderr += String(chunk)), done()) });
    expect(await main(['run', 'no/such/config.yaml'], err)).toBe(2);
    expect(stderr).toBe('pipeline: no/such/config.yaml: file not found\n');
  });

  test('an unknown LF type lists the known ones', async () => {
    const { code, lines } = await runWith(VALID.replace('type: keyword', 'type: keywords'));
    expect(code).toBe(2);
    expect(lines).toEqual([`pipeline: ${rel()}: lfs[0].type: unknown LF type "keywords" (known types: regex, keyword) (line 9)`]);
  });

  test('--debug adds the stack trace', async () => {
    const { code, lines } = await runWith(VALID.replace('options: { nEpochs: 10 }', 'options: { n_epochs: 10 }'), '--debug');
    expect(code).toBe(2);
    expect(lines[0]).toBe(`pipeline: ${rel()}: labelModel.options.n_epochs: unknown fit option 'n_epochs' (did you mean 'nEpochs'?): expected one of classBalance, nEpochs, lr, l2, optimizer, optimizerConfig, lrScheduler, lrSchedulerConfig, precInit, muEps, seed, logFreq, progressBar, onProgress (line 13)`);
    expect(lines[1]).toMatch(/^ConfigError: /);
    expect(lines.length).toBeGreaterThan(2);
  });
});
