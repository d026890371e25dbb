// Config mistakes give one line on stderr naming the file, the YAML path and the line, and exit code 2 (a stack trace only with --debug).

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { datasetPath } from '@skimmer/core';
import { main } from '../src/cli.ts';

let dir: string;

const VALID = `labels: [ham, spam]
plugins:
  - '@skimmer/plugins-regex'
data:
  train:
    path: ${datasetPath('uci-youtube-spam', 'Youtube01-Psy.csv')}
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

  test('an unknown label model type lists the known ones, as an entry and in a list', async () => {
    const expected = 'unknown type "snorkle" (expected mv, prior, snorkel, ds, fs, ebcc, ds-dev, auto)';
    const entry = await runWith(VALID.replace('type: snorkel', 'type: snorkle'));
    expect([entry.code, entry.lines]).toEqual([2, [`pipeline: ${rel()}: labelModel.type: ${expected} (line 12)`]]);
    const list = await runWith(
      VALID.replace('labelModel:\n  type: snorkel\n  options: { nEpochs: 10 }', 'labelModel:\n  - { type: mv }\n  - { type: snorkle }'),
    );
    expect([list.code, list.lines]).toEqual([2, [`pipeline: ${rel()}: labelModel[1].type: ${expected} (line 13)`]]);
  });

  test('an unknown plugin names the plugins entry', async () => {
    const { code, lines } = await runWith(VALID.replace('@skimmer/plugins-regex', '@skimmer/plugins-nope'));
    expect(code).toBe(2);
    expect(lines).toEqual([
      `pipeline: ${rel()}: plugins[0]: cannot find plugin package "@skimmer/plugins-nope" (install it, or give a path to a .ts / .js file) (line 3)`,
    ]);
  });

  test("an invalid regex names the LF entry's pattern", async () => {
    const { code, lines } = await runWith(VALID.replace('"check.*out"', '"check.*(out"'));
    expect(code).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^pipeline: ${rel().replace(/[.*]/g, '\\$&')}: lfs\\[1\\]\\.pattern: invalid regex: missing closing \\).* \\(line 10\\)$`),
    );
  });

  test('a missing data file names the YAML path and the file', async () => {
    const { code, lines } = await runWith(VALID.replace('Youtube01-Psy.csv', 'Youtube99.csv'));
    expect(code).toBe(2);
    expect(lines).toEqual([`pipeline: ${rel()}: data.train.path: file not found: ${datasetPath('uci-youtube-spam', 'Youtube99.csv')} (line 6)`]);
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
    expect(lines[0]).toBe(
      `pipeline: ${rel()}: labelModel.options.n_epochs: unknown fit option 'n_epochs' (did you mean 'nEpochs'?): expected one of classBalance, Ydev, nEpochs, lr, l2, optimizer, optimizerConfig, lrScheduler, lrSchedulerConfig, precInit, muEps, seed, objective, logFreq, progressBar, onProgress (line 13)`,
    );
    expect(lines[1]).toMatch(/^ConfigError: /);
    expect(lines.length).toBeGreaterThan(2);
  });

  test('a label listed twice names the second one', async () => {
    const { code, lines } = await runWith(VALID.replace('labels: [ham, spam]', 'labels: [ham, ham]'));
    expect(code).toBe(2);
    expect(lines).toEqual([`pipeline: ${rel()}: labels[1]: label "ham" is listed twice (also labels[0]); class names must be unique (line 1)`]);
  });

  test('an LF label that is no class, an index out of range and a repeated LF name are found before any data is read', async () => {
    const unknown = await runWith(VALID.replace('keywords: [my], label: spam', 'keywords: [my], label: eggs'));
    expect([unknown.code, unknown.lines]).toEqual([
      2,
      [`pipeline: ${rel()}: lfs[0].label: unknown label "eggs"; expected one of ham, spam (or an index from 0 to 1) (line 9)`],
    ]);
    const index = await runWith(VALID.replace('label: spam }\n  - { type: regex', 'label: 7 }\n  - { type: regex'));
    expect([index.code, index.lines]).toEqual([2, [`pipeline: ${rel()}: lfs[0].label: label index 7 is out of range; expected 0 to 1 (ham, spam) (line 9)`]]);
    const twice = await runWith(VALID.replace('name: regex_check_out', 'name: keyword_my'));
    expect([twice.code, twice.lines]).toEqual([
      2,
      [`pipeline: ${rel()}: lfs[1].name: LF name "keyword_my" is used twice (also lfs[0]); LF names must be unique (line 10)`],
    ]);
    // found at load: the missing data file of the same config is not even looked at
    const first = await runWith(VALID.replace('Youtube01-Psy.csv', 'Youtube99.csv').replace('label: spam }', 'label: eggs }'));
    expect(first.lines[0]).toContain('lfs[0].label: unknown label "eggs"');
  });

  test('a label model that needs more LFs than the YAML and the plugins give is refused before any data is read', async () => {
    const { code, lines } = await runWith(VALID);
    expect([code, lines]).toEqual([
      2,
      [
        `pipeline: ${rel()}: labelModel.type: snorkel needs at least 3 labeling functions; the config gives 2 (2 from lfs:, 0 from plugins): add LFs or use mv (line 12)`,
      ],
    ]);
  });

  test('a YAML syntax error gives its line, and an alias bomb is a config error with exit 2', async () => {
    const broken = await runWith(VALID.replace('labelModel:\n  type: snorkel', 'labelModel:\n  type: [snorkel'));
    expect(broken.code).toBe(2);
    expect(broken.lines[0]).toMatch(new RegExp(`^pipeline: ${rel().replace(/[.*]/g, '\\$&')}: invalid YAML at line \\d+: `));
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    const exploded = await runWith(`${bomb}\n${VALID}`);
    expect(exploded.code).toBe(2);
    expect(exploded.lines).toHaveLength(1);
    expect(exploded.lines[0]).toMatch(/: YAML aliases expand too far \(.*\); a config needs no more than 100 alias expansions$/);
  });

  test('ids shared by two splits stop the run as soon as the data is read, naming an id and both splits', async () => {
    const overlapping = VALID.replace(
      'lfs:',
      // a third LF: snorkel needs three, which is checked before the data is read
      `  test:\n    path: ${datasetPath('uci-youtube-spam', 'Youtube01-Psy.csv')}\n    columns: { id: COMMENT_ID, text: CONTENT, label: CLASS }\nlfs:\n  - { type: keyword, name: keyword_song, keywords: [song], label: ham }`,
    );
    const { code, lines } = await runWith(`store: { dataDir: "memory://" }\n${overlapping}`);
    expect(code).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^pipeline: id "[^"]+" is in both train and test \(350 ids of test also in an earlier split\); splits must not share ids \(data\.test\)$/,
    );
  });
});
