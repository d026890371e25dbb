// Specification of the WRENCH reader: file order, class names, and DataErrors that name the file, the record and the field.

import { describe, expect, it } from 'vitest';
import { DataError, datasetPath } from '@skimmer/core';
import { parseWrenchSplit, readWrenchDir } from '../src/wrenchDataset.ts';

/** The DataError thrown by `run`, or undefined. */
function dataErrorOf(run: () => unknown): DataError | undefined {
  try {
    run();
  } catch (err) {
    if (err instanceof DataError) return err;
    throw err;
  }
  return undefined;
}

describe('parseWrenchSplit', () => {
  it('keeps the order of the records in the file, even for numeric ids', () => {
    const split = parseWrenchSplit(
      '{"10": {"label": 1, "weak_labels": [1, -1], "data": {"text": "b"}}, "2": {"label": 0, "weak_labels": [-1, 0], "data": {"text": "a"}}}',
      'mem.json',
    );
    expect(split.ids).toEqual(['10', '2']);
    expect(Array.from(split.L.data)).toEqual([1, -1, -1, 0]);
    expect(Array.from(split.labels)).toEqual([1, 0]);
    expect(split.texts).toEqual(['b', 'a']);
  });

  it('names the file and the id of a record whose weak_labels has the wrong length', () => {
    const error = dataErrorOf(() => parseWrenchSplit('{"a": {"label": 0, "weak_labels": [0, 1]}, "b": {"label": 1, "weak_labels": [1]}}', 'train.json'));
    expect(error?.message).toBe('train.json: record "b" field weak_labels: expected 2 votes (as the first record), got 1');
    expect(error?.context).toMatchObject({ file: 'train.json', record: 'b', field: 'weak_labels' });
  });

  it('names the record whose weak_labels is missing', () => {
    const error = dataErrorOf(() => parseWrenchSplit('{"a": {"label": 0, "data": {"text": "x"}}}', 'test.json'));
    expect(error?.message).toBe('test.json: record "a" field weak_labels: expected an array of votes, got nothing');
  });

  it('names the file and the id of a non-integer label', () => {
    const error = dataErrorOf(() => parseWrenchSplit('{"a": {"label": "spam", "weak_labels": [0]}}', 'test.json'));
    expect(error?.message).toBe('test.json: record "a" field label: expected an integer label >= -1, got "spam"');
  });

  it('refuses a vote outside -1..k-1 when the cardinality is known', () => {
    const error = dataErrorOf(() => parseWrenchSplit('{"a": {"label": 0, "weak_labels": [0, 2]}}', 'x.json', { cardinality: 2 }));
    expect(error?.message).toBe('x.json: record "a" field weak_labels[1]: expected an integer label in -1..1, got 2');
  });

  it('reports invalid JSON with the file name', () => {
    expect(dataErrorOf(() => parseWrenchSplit('{"a": ', 'broken.json'))?.message).toMatch(/^broken\.json: not valid JSON/);
  });
});

describe('readWrenchDir', () => {
  it('reads wrench-youtube: 2 classes HAM/SPAM, 10 LFs, 1686 / 120 / 250 rows', async () => {
    const d = await readWrenchDir(datasetPath('wrench-youtube'));
    expect(d.classNames).toEqual(['HAM', 'SPAM']);
    expect(d.cardinality).toBe(2);
    expect([d.train.L.n, d.valid?.L.n, d.test.L.n]).toEqual([1686, 120, 250]);
    expect(d.test.L.m).toBe(10);
    expect(d.test.ids.slice(0, 3)).toEqual(['0', '1', '2']);
    expect(Array.from(d.test.L.data.subarray(0, 10))).toEqual([-1, -1, -1, -1, -1, 1, -1, -1, -1, -1]);
    expect(d.test.texts[1]).toBe('super music\ufeff');
  });

  it('names the missing file of a folder that is not a WRENCH dataset', async () => {
    await expect(readWrenchDir('/nonexistent/wrench')).rejects.toThrow('/nonexistent/wrench/label.json: cannot read (ENOENT)');
  });
});

describe('readWrenchDir without train.json', () => {
  it('reads valid.json as train only when asked ({ validAsTrain: true }), and says so in trainFrom', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'wrench-novalid-'));
    writeFileSync(path.join(dir, 'label.json'), '{"0": "HAM", "1": "SPAM"}');
    writeFileSync(path.join(dir, 'valid.json'), '{"a": {"label": 1, "weak_labels": [1, -1]}}');
    writeFileSync(path.join(dir, 'test.json'), '{"b": {"label": 0, "weak_labels": [0, 0]}}');
    await expect(readWrenchDir(dir)).rejects.toThrow(`${path.join(dir, 'train.json')}: cannot read (ENOENT)`);
    const d = await readWrenchDir(dir, { validAsTrain: true });
    expect([d.trainFrom, d.train.ids, d.valid?.ids, d.test.ids]).toEqual(['valid.json', ['a'], ['a'], ['b']]);
    expect((await readWrenchDir(datasetPath('wrench-youtube'), { validAsTrain: true })).trainFrom).toBe('train.json');
  });
});
