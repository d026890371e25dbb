// The run's splits as sources of point chunks: files without an id list are streamed (bounded memory), the rest are read whole and sliced.

import { open } from 'node:fs/promises';
import path from 'node:path';
import { DataError, IdRepeatCounter } from '@skimmer/core';
import type { ColumnMapping, DataPoint, DataRecord, DatasetProvider, Store } from '@skimmer/core';
import { checkDisjointSplits } from '../config/configConsistency.ts';
import { SPLIT_NAMES, type FileSplitConfig, type PipelineConfig, type SplitName } from '../config/pipelineConfigSchema.ts';
import { datasetsOf } from '../project/pluginProvider.ts';
import { withQuoteOpenLine } from './csvQuoteLine.ts';
import { fastCsvRecords } from './fastCsvRecords.ts';
import { goldLabel } from './goldLabel.ts';
import { readFileSplit } from './loadFileSplits.ts';
import { loadRunData } from './loadRunData.ts';
import type { SplitData } from './splitData.ts';

/** Rows `rowOffset ..` of a split: points and their gold labels (-1 unknown). */
export interface PointChunk {
  readonly rowOffset: number;
  readonly points: readonly DataPoint[];
  readonly gold: Int32Array;
}

/** One split, read chunk by chunk; each call to `chunks` reads it again from the start. */
export interface SplitSource {
  readonly name: SplitName;
  /** Row count when known before reading, else an estimate (lines of a CSV / JSONL file), else undefined. */
  readonly expectedRows: number | undefined;
  /** True when the whole split sits in memory (an id list, a WRENCH directory or a store dataset). */
  readonly inMemory: boolean;
  chunks(size: number): AsyncIterable<PointChunk>;
}

/** Default rows per chunk: small enough that a chunk's points stay a few MB, large enough that per-chunk work is noise. */
export const DEFAULT_CHUNK_ROWS = 20_000;

/** A split already in memory, sliced into chunks. */
export function memorySplitSource(split: SplitData): SplitSource {
  return {
    name: split.name,
    expectedRows: split.points.length,
    inMemory: true,
    async *chunks(size) {
      for (let start = 0; start < split.points.length; start += size) {
        const end = Math.min(split.points.length, start + size);
        const gold = split.gold ? split.gold.slice(start, end) : new Int32Array(end - start).fill(-1);
        yield { rowOffset: start, points: split.points.slice(start, end), gold };
      }
    },
  };
}

const NEWLINE = 0x0a;

/** Lines of a file (newline bytes, plus a last line without one), counted in 1 MiB reads: about a second a GB. */
async function countLines(file: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    let last = NEWLINE;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      for (let at = buf.indexOf(NEWLINE, 0); at >= 0 && at < bytesRead; at = buf.indexOf(NEWLINE, at + 1)) lines++;
      last = buf[bytesRead - 1];
    }
    return last === NEWLINE ? lines : lines + 1;
  } finally {
    await handle.close();
  }
}

/** Rows of a split's files estimated from their lines (a CSV's header and quoted newlines make it approximate); undefined for Parquet. */
async function estimateRows(files: readonly string[]): Promise<number | undefined> {
  let rows = 0;
  for (const file of files) {
    const ext = path.extname(file).toLowerCase();
    if (ext === '.csv' || ext === '.tsv') rows += Math.max(0, (await countLines(file)) - 1);
    else if (ext === '.jsonl' || ext === '.ndjson') rows += await countLines(file);
    else return undefined;
  }
  return rows;
}

/** The record without its label: the fields in the same order as `{ label, ...point } = record` leaves them, without its slow path. */
function pointOf(record: DataRecord): DataPoint {
  const point: DataPoint = { id: record.id, text: record.text };
  for (const key in record) if (key !== 'id' && key !== 'text' && key !== 'label') point[key] = record[key];
  return point;
}

/** The records after the first `skip`. */
async function* skipRecords(records: AsyncIterable<DataRecord>, skip: number): AsyncGenerator<DataRecord> {
  let seen = 0;
  for await (const record of records) if (seen++ >= skip) yield record;
}

/**
 * A file's records, in batches, as the dataset reader gives them; a CSV file's read by `fastCsvRecords` (whole blocks of records,
 * about 10× faster), which hands anything unusual back to the reader.
 */
async function* recordBatchesOf(datasets: DatasetProvider, file: string, columns: ColumnMapping | undefined): AsyncGenerator<readonly DataRecord[]> {
  if (path.extname(file).toLowerCase() === '.csv')
    return yield* fastCsvRecords(file, columns, (skip) => skipRecords(withQuoteOpenLine(datasets.read(file, { columns }), file), skip));
  for await (const record of datasets.read(file, { columns })) yield [record];
}

/**
 * A split read from its files record by record, ids made unique as `uniqueIds` does (the n-th repeat of an id becomes
 * `id~n`), gold labels mapped as `goldLabel` does; only one chunk of points is alive at a time.
 */
async function streamedFileSource(name: SplitName, entry: FileSplitConfig, labels: readonly string[], baseDir: string): Promise<SplitSource> {
  const files = (Array.isArray(entry.path) ? entry.path : [entry.path]).map((p) => path.resolve(baseDir, p));
  const expectedRows = await estimateRows(files);
  return {
    name,
    expectedRows,
    inMemory: false,
    async *chunks(size) {
      const seen = new IdRepeatCounter(expectedRows);
      let points: DataPoint[] = [];
      let gold = new Int32Array(size);
      let rowOffset = 0;
      const datasets = await datasetsOf();
      for (const file of files) {
        for await (const batch of recordBatchesOf(datasets, file, entry.columns)) {
          for (const record of batch) {
            const point = pointOf(record);
            const label = record.label;
            const repeat = seen.count(point.id);
            if (repeat > 1) point.id = `${point.id}~${repeat}`;
            gold[points.length] = goldLabel(label, labels, { file, record: point.id });
            points.push(point);
            if (points.length === size) {
              yield { rowOffset, points, gold };
              rowOffset += size;
              points = [];
              gold = new Int32Array(size);
            }
          }
        }
      }
      if (points.length > 0) yield { rowOffset, points, gold: gold.slice(0, points.length) };
    },
  };
}

/**
 * The sources of every split the config's `data:` names, train first. Splits from files without an `ids:` list are
 * streamed; an id list reorders the rows, so such a split (like a WRENCH directory or a store dataset) is read whole.
 *
 * @example
 * const sources = await openSplitSources(config, baseDir, store);
 * for await (const chunk of sources.get('train')!.chunks(20_000)) chunk.points.length;
 */
export async function openSplitSources(config: PipelineConfig, baseDir: string, store: Store | undefined): Promise<Map<SplitName, SplitSource>> {
  const sources = new Map<SplitName, SplitSource>();
  const data = config.data;
  if ('wrench' in data || 'dataset' in data) {
    for (const [name, split] of await loadRunData(config, baseDir, store)) sources.set(name, memorySplitSource(split));
    return sources;
  }
  const files = data as Partial<Record<SplitName, FileSplitConfig>>;
  for (const name of SPLIT_NAMES) {
    const entry = files[name];
    if (!entry) continue;
    sources.set(
      name,
      entry.ids ? memorySplitSource(await readFileSplit(name, entry, config.labels, baseDir)) : await streamedFileSource(name, entry, config.labels, baseDir),
    );
  }
  return checkedDisjoint(sources);
}

/**
 * The same sources, with the rule that no id is in two splits checked as the data is read: the small splits' ids are
 * read now and compared with each other, train's (the large one) are compared with them while its first full read
 * goes on, and that read ends with the DataError `checkDisjointSplits` would give. Only the small splits' ids are kept.
 */
async function checkedDisjoint(sources: Map<SplitName, SplitSource>): Promise<Map<SplitName, SplitSource>> {
  const train = sources.get('train');
  const others: Array<[SplitName, string[]]> = [];
  for (const [name, source] of sources) {
    if (name === 'train') continue;
    const ids: string[] = [];
    for await (const chunk of source.chunks(DEFAULT_CHUNK_ROWS)) for (const point of chunk.points) ids.push(point.id);
    others.push([name, ids]);
  }
  checkDisjointSplits(others);
  if (!train || others.length === 0) return sources;
  const ownerOf = new Map<string, SplitName>();
  for (const [name, ids] of others) for (const id of ids) ownerOf.set(id, name);
  let checked = false;
  const checkedTrain: SplitSource = {
    ...train,
    async *chunks(size) {
      if (checked) return yield* train.chunks(size);
      const shared = new Map<SplitName, { first: string; count: number }>();
      for await (const chunk of train.chunks(size)) {
        for (const point of chunk.points) {
          const other = ownerOf.get(point.id);
          if (other === undefined) continue;
          const seen = shared.get(other);
          if (seen) seen.count++;
          else shared.set(other, { first: point.id, count: 1 });
        }
        yield chunk;
      }
      checked = true;
      for (const [split, { first, count }] of shared) {
        throw new DataError(
          `id ${JSON.stringify(first)} is in both train and ${split} (${count} id${count === 1 ? '' : 's'} of ${split} also in an earlier split); splits must not share ids (data.${split})`,
          { field: `data.${split}`, record: first, overlapping: count },
        );
      }
    },
  };
  return new Map([...sources].map(([name, source]) => [name, name === 'train' ? checkedTrain : source]));
}
