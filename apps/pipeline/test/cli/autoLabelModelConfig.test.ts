// Specification of `labelModel: auto` and `ds-dev` in config.yaml through the CLI on the YouTube spam example: dev gold from the valid split, auto's choice in report.json and the summary line, bad entries refused at the door.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runCli } from '../../src/cliProcess.ts';
import { writeYoutubeConfig } from './youtubeConfig.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-auto-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('auto and ds-dev learn from the valid split; auto reports its choice and every candidate in report.json and the summary line', async () => {
  const config = writeYoutubeConfig(dir, {
    file: 'auto.yaml',
    classifier: false,
    labelModel: '[{ type: auto }, { type: ds-dev, name: ds-dev-w10, options: { devWeight: 10 } }]',
  });
  const result = await runCli(['label', config, '--quiet', '--log-level', 'warn'], { timeoutMs: 120_000 });
  expect(result.code, result.stderr).toBe(0);
  const [summary, reportPath] = result.stdout.trim().split('\n');
  // On these 5 LFs FlyingSquid and EBCC are degenerate; the dev-fitted Dawid-Skene beats Snorkel's model significantly on valid.
  expect(summary.replace(/^run \S+/, 'run ID')).toBe(
    'run ID · auto: train accuracy 0.9212, valid accuracy 0.8583, test accuracy 0.8840 · auto chose ds-dev:w100 (vs-default; valid f1: mv 0.75, fs degenerate, snorkel 0.7288, ds 0.4225, ebcc degenerate, ds-dev 0.4225, ds-dev:w10 0.7957, ds-dev:w100 0.8211)',
  );
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const [auto, dsDev, baseline] = report.labelModels;
  expect(auto).toMatchObject({ name: 'auto', type: 'auto', devSplit: 'valid', auto: { metric: 'f1', rule: 'vs-default' } });
  expect(auto.auto.candidates.map((c: { name: string }) => c.name)).toEqual(['mv', 'fs', 'snorkel', 'ds', 'ebcc', 'ds-dev', 'ds-dev:w10', 'ds-dev:w100']);
  for (const c of auto.auto.candidates) expect(c).toMatchObject({ devScore: expect.any(Number), crossValidated: c.name.startsWith('ds-dev') });
  expect(auto.auto).toMatchObject({ best: 'ds-dev:w100', chosen: 'ds-dev:w100' });
  expect(report.labelModel.auto).toEqual(auto.auto);
  expect(dsDev).toMatchObject({ name: 'ds-dev-w10', type: 'ds-dev', devSplit: 'valid' });
  expect(dsDev.auto).toBeUndefined();
  expect(dsDev.test.accuracy).toBeGreaterThan(0.5);
  expect(baseline).toMatchObject({ name: 'majority-vote', baseline: true });
  expect(baseline.devSplit).toBeUndefined();
}, 150_000);

test('a dev label model without a dev or valid split, and a bad auto option, are refused at the door (exit 2, one line)', async () => {
  const noDev = writeYoutubeConfig(dir, { file: 'no-dev.yaml', classifier: false, labelModel: '{ type: ds-dev }' });
  const text = readFileSync(noDev, 'utf8').replace(/^ {2}(valid|test): .*\n/gm, '');
  const noDevFile = path.join(dir, 'no-dev-split.yaml');
  writeFileSync(noDevFile, text);
  const missing = await runCli(['label', noDevFile, '--quiet', '--log-level', 'warn']);
  expect(missing.code).toBe(2);
  expect(missing.stderr.trim()).toMatch(
    /^pipeline: \S+no-dev-split\.yaml: labelModel\.type: label model "ds-dev" learns from gold dev labels: data needs a dev or valid split with a label column \(line \d+\)$/,
  );

  const badRule = writeYoutubeConfig(dir, { file: 'bad-rule.yaml', classifier: false, labelModel: '{ type: auto, options: { rule: median } }' });
  const bad = await runCli(['label', badRule, '--quiet', '--log-level', 'warn']);
  expect(bad.code).toBe(2);
  expect(bad.stderr.trim()).toMatch(
    /^pipeline: \S+bad-rule\.yaml: labelModel\.options\.rule: auto: Invalid option: expected one of "vs-default"\|"one-se"\|"best" \(line \d+\)$/,
  );
});
