// Specification of `pipeline labelmodel bench`: WRENCH figures, the predictions file, one-line errors with exit code 2, and exit 1 for a write failing while running.

import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { datasetPath } from '@skimmer/core';
import { main } from '../src/cli.ts';
import { predsOutWriteError } from '../src/commands/labelmodelBench.ts';
import { exitCodeOf } from '../src/exitCodes.ts';

const youtube = datasetPath('wrench-youtube');

/** Runs the command and returns its exit code, stdout and stderr lines. */
async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  const stderr = { write: (text: string) => (err.push(...text.trimEnd().split('\n')), true) } as unknown as NodeJS.WritableStream;
  const code = await main(['labelmodel', 'bench', ...(argv[0] === 'labelmodel' ? argv.slice(2) : argv)], stderr);
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

  it("runs every model with --model all (snorkel on snorkel's defaults) and names auto's choice under the table", async () => {
    const { code, out } = await run(['--wrench', youtube]);
    expect(code).toBe(0);
    const lines = out.join('\n').split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['model', 'accuracy', 'f1', 'coverage', 'fit_ms', 'predict_ms']);
    expect(lines.slice(1, 12).map((l) => l.split(/\s+/).slice(0, 3))).toEqual([
      ['mv', '0.8400', '0.8077'],
      ['snorkel', '0.8400', '0.8148'],
      ['ds', '0.8320', '0.7961'],
      ['fs', '0.7880', '0.7310'],
      ['ebcc', '0.7760', '0.6889'],
      ['ds-dev', '0.8320', '0.7961'],
      ['snorkel-ls', '0.8360', '0.8019'],
      ['ds-ls', '0.8200', '0.7783'],
      ['ebcc-ls', '0.7760', '0.6889'],
      ['ds-dev-ls', '0.8320', '0.7961'],
      ['auto', '0.8400', '0.8148'],
    ]);
    expect(lines[12]).toMatch(/^auto chose snorkel \(valid f1: mv 0\.7742, fs 0\.7045, snorkel 0\.84, /);
  });

  it('prints its usage and exits 0 with --help', async () => {
    const { code, out } = await run(['labelmodel', 'bench', '--help']);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^Usage: pipeline labelmodel bench \[options\]/);
    expect(out[0]).toContain('--tie-policy <policy>');
  });

  it('fits on valid.json when the folder has no train.json, says so, and warns about a uniform FlyingSquid fit', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lm-bench-novalid-'));
    copyFileSync(path.join(youtube, 'label.json'), path.join(dir, 'label.json'));
    // 4 LFs that never vote on the same row: FlyingSquid's triplets see nothing and it returns 0.5 / 0.5 everywhere.
    const records = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [String(i), { label: i % 2, weak_labels: [0, 1, 2, 3].map((j) => (j === i % 4 ? i % 2 : -1)), data: { text: '' } }]),
    );
    writeFileSync(path.join(dir, 'valid.json'), JSON.stringify(records));
    writeFileSync(path.join(dir, 'test.json'), JSON.stringify(records));
    const { code, out, err } = await run(['--wrench', dir, '--model', 'fs', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out.at(-1)!);
    expect(report.train_from).toBe('valid.json');
    expect(report.n_train).toBe(12);
    expect(report.rows[0].warnings).toEqual(['uniform probabilities on every row (12 rows): the model learned nothing']);
    expect(err).toEqual([`pipeline labelmodel bench: ${dir} has no train.json: fitting on valid.json instead (its gold labels are not used for fitting)`]);
  });

  it('writes one JSON line per test row in file order with --preds-out', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lm-bench-')), 'preds.jsonl');
    expect((await run(['--wrench', youtube, '--model', 'mv', '--preds-out', file])).code).toBe(0);
    const lines = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
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
    expect(err).toEqual(['pipeline: --wrench /nonexistent/wrench-x: no such folder']);
  });

  it('answers a --preds-out it cannot write with one line and exit code 2, before any fit', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'skimmer-preds-')), 'p.json');
    writeFileSync(file, '');
    const cases = [
      ['/nonexistent/dir/p.json', '--preds-out /nonexistent/dir/p.json: no such folder /nonexistent/dir'],
      [`${file}/p.json`, `--preds-out ${file}/p.json: ${file} is not a folder`],
      [path.dirname(file), `--preds-out ${path.dirname(file)}: is a folder (expected a file)`],
    ];
    for (const [predsOut, message] of cases) {
      const { code, out, err } = await run(['--wrench', youtube, '--model', 'mv', '--preds-out', predsOut]);
      expect({ code, out, err }).toEqual({ code: 2, out: [], err: [`pipeline: ${message}`] });
    }
  });

  it('answers an unknown model with exit code 2 and the accepted names', async () => {
    const { code, err } = await run(['--wrench', youtube, '--model', 'metal']);
    expect(code).toBe(2);
    expect(err).toEqual([
      'pipeline: --model metal: expected one of mv, majority, prior, random, snorkel, ds, fs, ebcc, ds-dev, auto, snorkel-ls, ds-ls, ebcc-ls, ds-dev-ls, all',
    ]);
  });
});

describe('a --preds-out write that fails after the fits', () => {
  const failure = (code: string) => Object.assign(new Error(`${code}: failed`), { code });
  it('is bad usage (exit 2) only for a path problem; disk full or I/O is a failure while running (exit 1)', () => {
    const codes = ['EACCES', 'EISDIR', 'ENOENT', 'ENOTDIR', 'ENOSPC', 'EIO', 'EDQUOT'];
    expect(codes.map((code) => [code, exitCodeOf(predsOutWriteError('out/p.jsonl', failure(code)))])).toEqual([
      ['EACCES', 2],
      ['EISDIR', 2],
      ['ENOENT', 2],
      ['ENOTDIR', 2],
      ['ENOSPC', 1],
      ['EIO', 1],
      ['EDQUOT', 1],
    ]);
    expect(predsOutWriteError('out/p.jsonl', failure('ENOSPC')).message).toBe('--preds-out out/p.jsonl: cannot write (ENOSPC)');
    expect(exitCodeOf(predsOutWriteError('out/p.jsonl', new Error('stream closed')))).toBe(1);
  });
});
