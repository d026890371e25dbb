// Reads the splits named under `data:` from CSV / JSONL / Parquet files, with column mapping and optional id lists.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataError } from '@skimmer/core';
import type { DataPoint, DataRecord } from '@skimmer/core';
import { SPLIT_NAMES, type FileSplitConfig, type SplitName } from '../config/pipelineConfigSchema.ts';
import { datasetsOf } from '../project/pluginProvider.ts';
import { withQuoteOpenLine } from './csvQuoteLine.ts';
import { goldLabel } from './goldLabel.ts';
import type { SplitData } from './splitData.ts';

/**
 * Makes ids unique within a split: the n-th repeat of an id becomes `id~n` (n ≥ 2), in file order.
 * (The UCI YouTube files hold three exact duplicate rows; `examples/youtube-spam/make_split.py` applies the same rule.)
 */
export function uniqueIds(records: DataRecord[]): DataRecord[] {
  const seen = new Map<string, number>();
  for (const record of records) {
    const count = (seen.get(record.id) ?? 0) + 1;
    seen.set(record.id, count);
    if (count > 1) record.id = `${record.id}~${count}`;
  }
  return records;
}

async function readIdList(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8'))
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Keeps the records listed in `ids`, in that order; an id not in the data is a DataError naming the id file. */
function selectByIds(records: readonly DataRecord[], ids: readonly string[], idFile: string): DataRecord[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  return ids.map((id, line) => {
    const record = byId.get(id);
    if (!record) throw new DataError(`${idFile}:${line + 1}: id "${id}" is not in the split's data files`, { file: idFile, record: id, line: line + 1 });
    return record;
  });
}

/** Reads one split: its files concatenated in order, ids made unique, then filtered by the id list. */
export async function readFileSplit(name: SplitName, entry: FileSplitConfig, labels: readonly string[], baseDir: string): Promise<SplitData> {
  const files = (Array.isArray(entry.path) ? entry.path : [entry.path]).map((p) => path.resolve(baseDir, p));
  let records: DataRecord[] = [];
  const fileOf = new Map<DataRecord, string>();
  const datasets = await datasetsOf();
  for (const file of files) {
    for await (const record of withQuoteOpenLine(datasets.read(file, { columns: entry.columns }), file)) {
      records.push(record);
      fileOf.set(record, file);
    }
  }
  records = uniqueIds(records);
  if (entry.ids) {
    const idFile = path.resolve(baseDir, entry.ids);
    records = selectByIds(records, await readIdList(idFile), idFile);
  }
  const gold = new Int32Array(records.length);
  const points: DataPoint[] = records.map((record, i) => {
    const { label, ...point } = record;
    gold[i] = goldLabel(label, labels, { file: fileOf.get(record)!, record: record.id });
    return point;
  });
  return { name, points, gold: gold.some((y) => y >= 0) ? gold : undefined };
}

/**
 * Reads every split configured under `data:` (train first).
 *
 * @example
 * const splits = await loadFileSplits({ train: { path: 'train.csv', columns: { text: 'CONTENT' } } }, ['ham', 'spam'], baseDir);
 * splits.get('train')!.points.length;
 */
export async function loadFileSplits(
  data: Partial<Record<SplitName, FileSplitConfig>>,
  labels: readonly string[],
  baseDir: string,
): Promise<Map<SplitName, SplitData>> {
  const splits = new Map<SplitName, SplitData>();
  for (const name of SPLIT_NAMES) {
    const entry = data[name];
    if (entry) splits.set(name, await readFileSplit(name, entry, labels, baseDir));
  }
  return splits;
}
