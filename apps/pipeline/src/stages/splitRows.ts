// A split's labelled rows kept out of the heap: L, item ids and gold labels appended block by block to files under runs/<run-id>/.

import { open, readFile, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { DataError, labelMatrixFromData } from '@skimmer/core';
import type { LabelMatrix } from '@skimmer/core';
import type { SplitName } from '../config/pipelineConfigSchema.ts';
import type { SplitData } from '../data/splitData.ts';
import { MATRIX_INDEX_FILE } from '../runArtifacts.ts';

/** Rows `rowOffset ..` of a split: their votes, item ids and gold labels (-1 unknown). */
export interface RowChunk {
  readonly rowOffset: number;
  readonly L: LabelMatrix;
  readonly ids: readonly string[];
  readonly gold: Int32Array;
}

/** A split's labelled rows, re-readable chunk by chunk. */
export interface SplitRows {
  readonly name: SplitName;
  readonly n: number;
  readonly m: number;
  /** Rows with a known gold label. */
  readonly goldRows: number;
  chunks(): AsyncIterable<RowChunk>;
}

/** One split in `label-matrices.json`: `file` holds L's Int32 cells (as before streaming); `ids` / `gold` are block files. */
interface SplitIndexEntry {
  n: number;
  m: number;
  file: string;
  ids?: string;
  gold?: string;
  goldRows?: number;
  blocks?: number[];
}

interface MatrixIndex {
  lfNames: string[];
  splits: Partial<Record<SplitName, SplitIndexEntry>>;
}

/**
 * Appends rows to a split's three files in blocks of `blockRows` (the last one shorter), whatever the pieces they come
 * in; the ids file holds, per block, a uint32 byte length then a JSON array.
 */
export class SplitRowsWriter {
  private n = 0;
  private goldRows = 0;
  private readonly blocks: number[] = [];
  /** Rows appended since the last block was written, waiting for a whole block. */
  private pending: { L: Int32Array[]; ids: string[]; gold: Int32Array[] } = { L: [], ids: [], gold: [] };

  private constructor(
    private readonly dir: string,
    private readonly name: SplitName,
    private readonly m: number,
    private readonly blockRows: number,
    private readonly files: { L: FileHandle; ids: FileHandle; gold: FileHandle },
  ) {}

  /** A writer of blocks of `blockRows` rows (default: each append is one block). */
  static async create(dir: string, name: SplitName, m: number, blockRows = Number.POSITIVE_INFINITY): Promise<SplitRowsWriter> {
    const [L, ids, gold] = await Promise.all([`L.${name}.i32`, `ids.${name}.json`, `gold.${name}.i32`].map((file) => open(path.join(dir, file), 'w')));
    return new SplitRowsWriter(dir, name, m, blockRows, { L, ids, gold });
  }

  async append(L: LabelMatrix, ids: readonly string[], gold: Int32Array): Promise<void> {
    if (L.n !== ids.length || L.n !== gold.length || L.m !== this.m) {
      throw new DataError(`split ${this.name}: a block of ${L.n}×${L.m} votes with ${ids.length} ids and ${gold.length} gold labels`, { field: 'rows' });
    }
    if (this.blockRows === Number.POSITIVE_INFINITY) return this.writeBlock([L.data], ids, [gold]);
    let from = 0;
    while (from < L.n) {
      const take = Math.min(L.n - from, this.blockRows - this.pending.ids.length);
      this.pending.L.push(L.data.subarray(from * L.m, (from + take) * L.m));
      this.pending.gold.push(gold.subarray(from, from + take));
      for (let i = from; i < from + take; i++) this.pending.ids.push(ids[i]);
      from += take;
      if (this.pending.ids.length === this.blockRows) await this.flush();
    }
  }

  /** Writes the rows waiting as one block. */
  private async flush(): Promise<void> {
    const { L, ids, gold } = this.pending;
    this.pending = { L: [], ids: [], gold: [] };
    if (ids.length > 0) await this.writeBlock(L, ids, gold);
  }

  private async writeBlock(L: readonly Int32Array[], ids: readonly string[], gold: readonly Int32Array[]): Promise<void> {
    const idBytes = Buffer.from(JSON.stringify(ids));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(idBytes.length);
    for (const part of L) await this.files.L.write(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
    for (const part of gold) {
      await this.files.gold.write(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
      for (let i = 0; i < part.length; i++) if (part[i] >= 0) this.goldRows++;
    }
    await this.files.ids.write(length);
    await this.files.ids.write(idBytes);
    this.n += ids.length;
    this.blocks.push(ids.length);
  }

  /** Closes the files after a failure (what was written stays, unindexed). */
  async abandon(): Promise<void> {
    await Promise.allSettled(Object.values(this.files).map((handle) => handle.close()));
  }

  /** Closes the files and returns the split as readable rows. */
  async close(): Promise<{ entry: SplitIndexEntry; rows: SplitRows }> {
    await this.flush();
    await Promise.all(Object.values(this.files).map((handle) => handle.close()));
    const entry: SplitIndexEntry = {
      n: this.n,
      m: this.m,
      file: `L.${this.name}.i32`,
      ids: `ids.${this.name}.json`,
      gold: `gold.${this.name}.i32`,
      goldRows: this.goldRows,
      blocks: this.blocks,
    };
    return { entry, rows: fileSplitRows(this.dir, this.name, entry) };
  }
}

async function readExactly(handle: FileHandle, bytes: number, position: number, file: string): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(bytes);
  const { bytesRead } = await handle.read(buf, 0, bytes, position);
  if (bytesRead !== bytes) throw new DataError(`${file}: ended after ${position + bytesRead} bytes, expected ${position + bytes}`, { file });
  return buf;
}

/** Rows written by a SplitRowsWriter, read back block by block (one block of each file in memory at a time). */
function fileSplitRows(dir: string, name: SplitName, entry: SplitIndexEntry): SplitRows {
  const { n, m } = entry;
  return {
    name,
    n,
    m,
    goldRows: entry.goldRows ?? 0,
    async *chunks() {
      const [L, ids, gold] = await Promise.all([entry.file, entry.ids!, entry.gold!].map((file) => open(path.join(dir, file), 'r')));
      try {
        let rowOffset = 0;
        let idsAt = 0;
        for (const rows of entry.blocks!) {
          const votes = await readExactly(L, rows * m * 4, rowOffset * m * 4, entry.file);
          const golds = await readExactly(gold, rows * 4, rowOffset * 4, entry.gold!);
          const length = (await readExactly(ids, 4, idsAt, entry.ids!)).readUInt32LE(0);
          const idList = JSON.parse((await readExactly(ids, length, idsAt + 4, entry.ids!)).toString('utf8')) as string[];
          idsAt += 4 + length;
          const data = new Int32Array(votes.buffer, votes.byteOffset, rows * m);
          yield { rowOffset, L: labelMatrixFromData(data, rows, m), ids: idList, gold: new Int32Array(golds.buffer, golds.byteOffset, rows) };
          rowOffset += rows;
        }
      } finally {
        await Promise.all([L, ids, gold].map((handle) => handle.close()));
      }
    },
  };
}

/** A split whose L and data are in memory (a stage run alone on an earlier run's matrices), sliced into chunks. */
export function memorySplitRows(L: LabelMatrix, split: SplitData, chunkRows: number): SplitRows {
  if (split.points.length !== L.n) throw new DataError(`split ${split.name}: ${split.points.length} points but L has ${L.n} rows`, { field: split.name });
  let goldRows = 0;
  if (split.gold) for (let i = 0; i < split.gold.length; i++) if (split.gold[i] >= 0) goldRows++;
  return {
    name: split.name,
    n: L.n,
    m: L.m,
    goldRows,
    async *chunks() {
      for (let start = 0; start < L.n; start += chunkRows) {
        const end = Math.min(L.n, start + chunkRows);
        const gold = split.gold ? split.gold.slice(start, end) : new Int32Array(end - start).fill(-1);
        yield {
          rowOffset: start,
          L: labelMatrixFromData(L.data.slice(start * L.m, end * L.m), end - start, L.m),
          ids: split.points.slice(start, end).map((p) => p.id),
          gold,
        };
      }
    },
  };
}

/** Writes the index of the splits' files; returns its path (the run's `labelMatrices` artifact). */
export async function writeSplitRowsIndex(runDir: string, lfNames: readonly string[], entries: ReadonlyMap<SplitName, SplitIndexEntry>): Promise<string> {
  const index: MatrixIndex = { lfNames: [...lfNames], splits: Object.fromEntries(entries) };
  const indexPath = path.join(runDir, MATRIX_INDEX_FILE);
  await writeFile(indexPath, JSON.stringify(index, null, 2));
  return indexPath;
}

/** The splits of an index written by a streaming run (block files), or undefined for an older index that has only L. */
export async function readSplitRowsIndex(indexPath: string): Promise<{ lfNames: string[]; splits: Map<SplitName, SplitRows> } | undefined> {
  const index = JSON.parse(await readFile(indexPath, 'utf8')) as MatrixIndex;
  const splits = new Map<SplitName, SplitRows>();
  for (const [name, entry] of Object.entries(index.splits) as [SplitName, SplitIndexEntry][]) {
    if (!entry.ids || !entry.gold || !entry.blocks) return undefined;
    splits.set(name, fileSplitRows(path.dirname(indexPath), name, entry));
  }
  return { lfNames: index.lfNames, splits };
}

/** The whole L of a split, for label models that cannot fit from overlap statistics (n × m Int32 cells, no texts). */
export async function readWholeL(rows: SplitRows): Promise<LabelMatrix> {
  const data = new Int32Array(rows.n * rows.m);
  for await (const chunk of rows.chunks()) data.set(chunk.L.data, chunk.rowOffset * rows.m);
  return labelMatrixFromData(data, rows.n, rows.m);
}
