// Reads WRENCH benchmark splits ({id: {label, weak_labels, data: {text}}}) into a label matrix, gold labels and texts, in file order.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataError } from '@skimmer/core';
import type { LabelMatrix } from '@skimmer/core';

/** One WRENCH split: rows in the order of the file. */
export interface WrenchSplit {
  /** The record keys, in file order. */
  ids: string[];
  /** weak_labels as an n × m label matrix (-1 = abstain). */
  L: LabelMatrix;
  /** Gold labels (-1 where the file has none). */
  labels: Int32Array;
  /** data.text of each record ('' when the record has no text). */
  texts: string[];
  /** The number of classes, when known (from label.json, or passed to the parser). */
  cardinality?: number;
}

/** A WRENCH dataset folder: its splits and the class names of label.json. */
export interface WrenchDataset {
  train: WrenchSplit;
  valid?: WrenchSplit;
  test: WrenchSplit;
  cardinality: number;
  /** classNames[c] is the name of label c. */
  classNames: string[];
  /** 'valid.json' when the folder has no train.json and `train` is the valid split (see `readWrenchDir`). */
  trainFrom?: 'train.json' | 'valid.json';
}

/**
 * Parses the text of a WRENCH split file. Rows keep the order of the keys in the file (JSON.parse alone would
 * reorder numeric keys). Every problem is a DataError naming `source`, the record id and the field: invalid JSON,
 * a weak_labels row of the wrong length, a non-integer label or vote, a label ≥ `cardinality`, a duplicate id.
 *
 * @example
 * const split = parseWrenchSplit('{"7": {"label": 1, "weak_labels": [1, -1], "data": {"text": "hi"}}}', 'x.json');
 * // split.ids = ['7'], split.L = { n: 1, m: 2, data: Int32Array [1, -1] }, split.labels = Int32Array [1]
 */
export function parseWrenchSplit(jsonText: string, source: string, options: { cardinality?: number } = {}): WrenchSplit {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText);
  } catch (err) {
    throw new DataError(`${source}: not valid JSON (${(err as Error).message})`, { file: source });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new DataError(`${source}: expected a JSON object {id: {label, weak_labels, data}}`, { file: source });
  }
  const records = parsed as Record<string, unknown>;
  const ids = topLevelKeys(jsonText, source);
  const { cardinality } = options;
  const n = ids.length;
  const first = n === 0 ? undefined : (records[ids[0]] as { weak_labels?: unknown } | undefined)?.weak_labels;
  const m = Array.isArray(first) ? first.length : 0;
  const data = new Int32Array(n * m);
  const labels = new Int32Array(n);
  const texts: string[] = new Array<string>(n);
  const maxLabel = cardinality === undefined ? Infinity : cardinality - 1;
  const range = cardinality === undefined ? 'an integer label >= -1' : `an integer label in -1..${maxLabel}`;
  const isLabel = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= -1 && (v as number) <= maxLabel;
  ids.forEach((id, i) => {
    const record = records[id] as { label?: unknown; weak_labels?: unknown; data?: { text?: unknown } } | null;
    const fail = (field: string, expected: string): never => {
      throw new DataError(`${source}: record "${id}" field ${field}: expected ${expected}`, { file: source, record: id, field });
    };
    if (!record || typeof record !== 'object') fail('(record)', 'an object {label, weak_labels, data}');
    const votes = record!.weak_labels;
    if (!Array.isArray(votes)) fail('weak_labels', `an array of votes, got ${JSON.stringify(votes) ?? 'nothing'}`);
    if ((votes as unknown[]).length !== m) fail('weak_labels', `${m} votes (as the first record), got ${(votes as unknown[]).length}`);
    (votes as unknown[]).forEach((v, j) => {
      data[i * m + j] = isLabel(v) ? v : fail(`weak_labels[${j}]`, `${range}, got ${JSON.stringify(v)}`);
    });
    const label = record!.label ?? -1;
    labels[i] = isLabel(label) ? label : fail('label', `${range}, got ${JSON.stringify(label)}`);
    const text = record!.data?.text;
    texts[i] = typeof text === 'string' ? text : '';
  });
  return { ids, L: { n, m, data }, labels, texts, ...(cardinality === undefined ? {} : { cardinality }) };
}

/**
 * The keys of the top-level JSON object in the order they appear in the text (a single scan that skips strings
 * and nested values). Duplicate keys are a DataError.
 */
function topLevelKeys(jsonText: string, source: string): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  let depth = 0;
  let expectKey = false;
  for (let t = 0; t < jsonText.length; t++) {
    const ch = jsonText[t];
    if (ch === '"') {
      let end = t + 1;
      while (jsonText[end] !== '"') end += jsonText[end] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) {
        const key = JSON.parse(jsonText.slice(t, end + 1)) as string;
        if (seen.has(key)) throw new DataError(`${source}: record id "${key}" appears twice`, { file: source, record: key });
        seen.add(key);
        keys.push(key);
        expectKey = false;
      }
      t = end;
    } else if (ch === '{' || ch === '[') {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (ch === '}' || ch === ']') {
      depth--;
    } else if (ch === ',' && depth === 1) {
      expectKey = true;
    }
  }
  return keys;
}

/** Reads and parses one WRENCH split file (see {@link parseWrenchSplit}). */
export async function readWrenchSplit(file: string, options: { cardinality?: number } = {}): Promise<WrenchSplit> {
  return parseWrenchSplit(await readText(file), file, options);
}

/**
 * Reads a WRENCH dataset folder: label.json (class names → cardinality), train.json and test.json (required),
 * valid.json (optional). With `{ validAsTrain: true }` a folder without train.json is read with valid.json standing
 * in for train (`trainFrom: 'valid.json'`, so the caller can say so); otherwise, or without valid.json either, the
 * missing train.json is a DataError. Every split must have the same number of LFs.
 *
 * @example
 * const { train, test, cardinality, classNames } = await readWrenchDir(datasetPath('wrench-youtube'));
 * // cardinality 2, classNames ['HAM', 'SPAM'], train.L.n 1686, test.L.n 250
 */
export async function readWrenchDir(dir: string, options: { validAsTrain?: boolean } = {}): Promise<WrenchDataset> {
  const labelFile = path.join(dir, 'label.json');
  const classNames = parseClassNames(await readText(labelFile), labelFile);
  const cardinality = classNames.length;
  const readOptional = (file: string): Promise<WrenchSplit | undefined> =>
    readText(file).then(
      (text) => parseWrenchSplit(text, file, { cardinality }),
      (err: unknown) => {
        if (err instanceof DataError && err.context.missing) return undefined;
        throw err;
      },
    );
  const trainFile = path.join(dir, 'train.json');
  const ownTrain = options.validAsTrain ? await readOptional(trainFile) : await readWrenchSplit(trainFile, { cardinality });
  const test = await readWrenchSplit(path.join(dir, 'test.json'), { cardinality });
  const valid = await readOptional(path.join(dir, 'valid.json'));
  const train = ownTrain ?? valid;
  if (!train) throw new DataError(`${trainFile}: cannot read (ENOENT), and there is no valid.json to fall back to`, { file: trainFile, missing: true });
  for (const [name, split] of [
    ['test', test],
    ['valid', valid],
  ] as const) {
    if (split && split.L.m !== train.L.m) {
      throw new DataError(`${path.join(dir, `${name}.json`)}: ${split.L.m} LFs per record, but train.json has ${train.L.m}`, {
        file: path.join(dir, `${name}.json`),
        field: 'weak_labels',
      });
    }
  }
  return { train, test, cardinality, classNames, trainFrom: ownTrain ? 'train.json' : 'valid.json', ...(valid ? { valid } : {}) };
}

/** label.json: {"0": "HAM", "1": "SPAM"} → ['HAM', 'SPAM']; the keys must be exactly 0..k-1 with k ≥ 2. */
function parseClassNames(jsonText: string, file: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText);
  } catch (err) {
    throw new DataError(`${file}: not valid JSON (${(err as Error).message})`, { file });
  }
  const entries = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.entries(parsed) : [];
  const names: string[] = [];
  for (const [key, name] of entries) {
    const c = Number(key);
    if (!Number.isInteger(c) || c < 0 || c >= entries.length || typeof name !== 'string') {
      throw new DataError(`${file}: entry "${key}": expected {"0": "name", "1": "name", ...} with keys 0..k-1`, { file, record: key });
    }
    names[c] = name;
  }
  if (names.length < 2) throw new DataError(`${file}: expected at least 2 classes, got ${names.length}`, { file });
  return names;
}

/** Reads a UTF-8 file; a missing file is a DataError with context.missing = true. */
async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(`${file}: cannot read (${code ?? (err as Error).message})`, { file, missing: code === 'ENOENT' });
  }
}
