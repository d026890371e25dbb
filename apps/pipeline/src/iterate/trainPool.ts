// The train split as `pipeline iterate` reads it: the split's texts joined to the base run's votes and label-model labels, chunk by chunk.

import { DataError, labelMatrixFromData } from '@skimmer/core';
import type { LabelMatrix, ProbMatrix, Store } from '@skimmer/core';
import type { SplitSource } from '../data/splitSources.ts';
import type { RowChunk, SplitRows } from '../stages/splitRows.ts';

/** Rows `rowOffset ..` of the train split with everything an iteration looks at. */
export interface PoolChunk {
  readonly rowOffset: number;
  readonly ids: readonly string[];
  readonly texts: readonly string[];
  /** Gold labels (-1 unknown). */
  readonly gold: Int32Array;
  /** The base run's LF votes on these rows. */
  readonly L: LabelMatrix;
  /** The base run's label-model probabilities on these rows. */
  readonly labelModelProbs: ProbMatrix;
}

/** Where a train record is: its row and its gold label (-1 unknown). */
export interface PoolRow {
  readonly row: number;
  readonly gold: number;
}

/** Takes rows off a split's row chunks in runs of any length, whatever the chunks' own sizes. */
class RowReader {
  private chunk: RowChunk | undefined;
  private at = 0;

  constructor(
    private readonly chunks: AsyncIterator<RowChunk>,
    private readonly m: number,
  ) {}

  /** The next `count` rows (fewer at the end of the split). */
  async take(count: number): Promise<{ L: LabelMatrix; ids: string[] }> {
    const data = new Int32Array(count * this.m);
    const ids: string[] = [];
    while (ids.length < count) {
      if (!this.chunk || this.at >= this.chunk.L.n) {
        const next = await this.chunks.next();
        if (next.done) break;
        this.chunk = next.value;
        this.at = 0;
      }
      const rows = Math.min(count - ids.length, this.chunk.L.n - this.at);
      data.set(this.chunk.L.data.subarray(this.at * this.m, (this.at + rows) * this.m), ids.length * this.m);
      for (let i = 0; i < rows; i++) ids.push(this.chunk.ids[this.at + i]);
      this.at += rows;
    }
    return { L: labelMatrixFromData(ids.length === count ? data : data.slice(0, ids.length * this.m), ids.length, this.m), ids };
  }

  /** Stops reading (the row files are closed). */
  async close(): Promise<void> {
    await this.chunks.return?.();
  }
}

/** The label-model probabilities a run stored, in train order (n × k numbers; the store's read is whole, the ids are dropped). */
async function trainLabelModelProbs(store: Store, runId: string, train: SplitRows, k: number): Promise<Float64Array> {
  const probs = new Float64Array(train.n * k);
  let row: Map<string, number> | undefined;
  let stored: Float64Array;
  {
    const outputs = await store.labelOutputs.read(runId);
    row = new Map(outputs.itemIds.map((id, i) => [id, i]));
    stored = outputs.probs.data;
  }
  for await (const chunk of train.chunks()) {
    chunk.ids.forEach((id, i) => {
      const r = row!.get(id);
      if (r === undefined)
        throw new DataError(`run ${runId} has no label-model label for train record "${id}": the data changed since that run; run \`pipeline run\` again`, {
          record: id,
        });
      probs.set(stored.subarray(r * k, (r + 1) * k), (chunk.rowOffset + i) * k);
    });
  }
  row = undefined;
  return probs;
}

/** The train split of an iteration: re-readable chunk by chunk; what it keeps is n × k label-model probabilities. */
export class TrainPool {
  /** Rows of records looked up so far (tagged or pushed ones: a few thousand at most), and ids found not to be train records. */
  private readonly located = new Map<string, PoolRow>();
  private readonly outside = new Set<string>();

  private constructor(
    private readonly source: SplitSource,
    private readonly rows: SplitRows,
    private readonly labelModel: Float64Array,
    readonly k: number,
    private readonly chunkRows: number,
    private readonly runId: string,
  ) {}

  /** Opens the pool of `source` (the train split's texts) and `rows` (run `runId`'s votes on it), reading the run's stored labels. */
  static async open(
    store: Store,
    runId: string,
    labelOutputsRun: string,
    source: SplitSource,
    rows: SplitRows,
    k: number,
    chunkRows: number,
  ): Promise<TrainPool> {
    return new TrainPool(source, rows, await trainLabelModelProbs(store, labelOutputsRun, rows, k), k, chunkRows, runId);
  }

  get n(): number {
    return this.rows.n;
  }

  /** The rows in order, each chunk's texts checked against the run's item ids (the data must not have changed since the run). */
  async *chunks(): AsyncIterable<PoolChunk> {
    const votes = new RowReader(this.rows.chunks()[Symbol.asyncIterator](), this.rows.m);
    const k = this.k;
    let seen = 0;
    try {
      for await (const chunk of this.source.chunks(this.chunkRows)) {
        const { L, ids } = await votes.take(chunk.points.length);
        chunk.points.forEach((point, i) => {
          if (ids[i] !== point.id) {
            throw new DataError(
              `train record ${chunk.rowOffset + i} is "${point.id}", but run ${this.runId} labelled "${ids[i] ?? '(nothing: fewer rows)'}" there: the data changed since that run; run \`pipeline run\` again`,
              { record: point.id },
            );
          }
        });
        const start = chunk.rowOffset * k;
        yield {
          rowOffset: chunk.rowOffset,
          ids,
          texts: chunk.points.map((p) => p.text),
          gold: chunk.gold,
          L,
          labelModelProbs: { n: ids.length, k, data: this.labelModel.subarray(start, start + ids.length * k) },
        };
        seen += ids.length;
      }
    } finally {
      await votes.close();
    }
    if (seen !== this.rows.n)
      throw new DataError(`the train split has ${seen} records, run ${this.runId} labelled ${this.rows.n}: run \`pipeline run\` again`, {
        field: 'data.train',
      });
  }

  /** Where each of `ids` is (records not in the train split are left out), from the run's id blocks; remembered for the next call. */
  async locate(ids: Iterable<string>): Promise<Map<string, PoolRow>> {
    const wanted = new Set<string>();
    for (const id of ids) if (!this.located.has(id) && !this.outside.has(id)) wanted.add(id);
    if (wanted.size > 0) {
      for await (const chunk of this.rows.chunks()) {
        chunk.ids.forEach((id, i) => {
          if (wanted.delete(id)) this.located.set(id, { row: chunk.rowOffset + i, gold: chunk.gold[i] });
        });
        if (wanted.size === 0) break;
      }
      for (const id of wanted) this.outside.add(id);
    }
    const found = new Map<string, PoolRow>();
    for (const id of ids) {
      const at = this.located.get(id);
      if (at) found.set(id, at);
    }
    return found;
  }
}
