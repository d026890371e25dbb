// Specification of `pipeline labelmodel bench`: WRENCH figures, the predictions file, and one-line errors with exit code 2.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sharedDataPath } from '@skimmer/core';
import { labelmodelBenchCommand } from '../src/commands/labelmodelBench.ts';

const youtube = sharedDataPath('wrench-youtube');

/** Runs the command and returns its exit code, stdout and stderr lines. */
async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  const code = await labelmodelBenchCommand(argv);
  return { code, out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('pipeline labelmodel bench', () => {
  it('scores majority vote on wrench-youtube test at accuracy 0.84, F1 0.8077, coverage 1 (JSON on the last line)', async () => {
    const { code, out } = await run(['labelmodel', 'bench', '--wrench', youtube, '--model', 'mv', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out.at(-1)!);
    expect(report).toMatchObject({ k: 2, n_train: 1686, n_test: 250, f1_metric: 'f1', class_balance: null });
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]).toMatchObject({ model: 'mv', accuracy: 0.84, f1: 0.8077, coverage: 1 });
  });

  it('runs mv, snorkel, ds and fs with --model all and prints a table', async () => {
    const { code, out } = await run(['--wrench', youtube]);
    expect(code).toBe(0);
    const lines = out.join('\n').split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['model', 'accuracy', 'f1', 'coverage', 'fit_ms', 'predict_ms']);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2))).toEqual([['mv', '0.8400'], ['snorkel', '0.8560'], ['ds', '0.8320'], ['fs', '0.7880']]);
  });

  it('writes one JSON line per test row in file order with --preds-out', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lm-bench-')), 'preds.jsonl');
    expect((await run(['--wrench', youtube, '--model', 'mv', '--preds-out', file])).code).toBe(0);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(250);
    // Row 0: only LF 5 votes SPAM; row 1: two LFs vote HAM.
    expect(lines[0]).toEqual({ id: '0', probs: [0, 1], pred: 1 });
    expect(lines[1]).toEqual({ id: '1', probs: [1, 0], pred: 0 });
  });

  it('uses the valid split class balance only with --balance-from-valid', async () => {
    const report = JSON.parse((await run(['--wrench', youtube, '--model', 'fs', '--json', '--balance-from-valid'])).out.at(-1)!);
    expect(report.class_balance).toEqual([64 / 120, 56 / 120]);
  });

  it('answers a missing folder with one line and exit code 2', async () => {
    const { code, err } = await run(['--wrench', '/nonexistent/wrench-x']);
    expect(code).toBe(2);
    expect(err).toEqual(['pipeline labelmodel bench: --wrench /nonexistent/wrench-x: no such folder']);
  });

  it('answers an unknown model with exit code 2 and the accepted names', async () => {
    const { code, err } = await run(['--wrench', youtube, '--model', 'metal']);
    expect(code).toBe(2);
    expect(err).toEqual(['pipeline labelmodel bench: --model metal: expected one of mv, majority, prior, snorkel, ds, fs, all']);
  });
});
