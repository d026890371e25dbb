// The train split as `pipeline iterate` reads it: the split's texts joined to the base run's votes and label-model labels, chunk by chunk.

import { DataError } from '@skimmer/core';
import type { ProbMatrix, Store } from '@skimmer/core';
import type { SplitSource } from '../data/splitSources.ts';
import { joinSplitRows, type JoinedChunk } from '../stages/classifierData.ts';
import type { SplitRows } from '../stages/splitRows.ts';

/** Rows `rowOffset ..` of the train split with everything an iteration looks at: texts, gold, the base run's votes and its label-model probabilities. */
export interface PoolChunk extends JoinedChunk {
  readonly labelModelProbs: ProbMatrix;
}

/** Where a train record is: its row and its gold label (-1 unknown). */
export interface PoolRow {
  readonly row: number;
  readonly gold: number;
}

/**
 * The label-model probabilities a run stored, in train order, read a stored block at a time and matched to the
 * run's train ids chunk by chunk: only blocks read ahead of the train rows (saved out of order, or another split's)
 * wait in memory. Undefined when the store cannot read blocks or a train id is not found (labels stored a row per
 * item, before blocks): then the run is read whole.
 */
async function blockwiseLabelModelProbs(store: Store, runId: string, train: SplitRows, k: number): Promise<Float64Array | undefined> {
  const readBlock = store.labelOutputs.readBlock?.bind(store.labelOutputs);
  if (!readBlock) return undefined;
  const probs = new Float64Array(train.n * k);
  const waiting = new Map<string, { data: Float64Array; at: number }>();
  let position: string | null = '0';
  for await (const chunk of train.chunks()) {
    for (let i = 0; i < chunk.ids.length; i++) {
      let label = waiting.get(chunk.ids[i]);
      while (!label && position !== null) {
        const next = await readBlock(runId, position);
        position = next?.position ?? null;
        if (next && next.outputs.probs.k !== k) return undefined;
        next?.outputs.itemIds.forEach((id, at) => waiting.set(id, { data: next.outputs.probs.data, at }));
        label = waiting.get(chunk.ids[i]);
      }
      if (!label) return undefined;
      waiting.delete(chunk.ids[i]);
      probs.set(label.data.subarray(label.at * k, (label.at + 1) * k), (chunk.rowOffset + i) * k);
    }
  }
  return probs;
}

/** The label-model probabilities a run stored, in train order (n × k numbers): block by block where the store can, else read whole. */
async function trainLabelModelProbs(store: Store, runId: string, train: SplitRows, k: number): Promise<Float64Array> {
  const blockwise = await blockwiseLabelModelProbs(store, runId, train, k);
  if (blockwise) return blockwise;
  const outputs = await store.labelOutputs.read(runId);
  const row = new Map(outputs.itemIds.map((id, i) => [id, i]));
  const probs = new Float64Array(train.n * k);
  for await (const chunk of train.chunks()) {
    chunk.ids.forEach((id, i) => {
      const r = row.get(id);
      if (r === undefined)
        throw new DataError(`run ${runId} has no label-model label for train record "${id}": the data changed since that run; run \`pipeline run\` again`, {
          record: id,
        });
      probs.set(outputs.probs.data.subarray(r * k, (r + 1) * k), (chunk.rowOffset + i) * k);
    });
  }
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
    const k = this.k;
    for await (const chunk of joinSplitRows(this.source, this.rows, this.chunkRows, this.runId)) {
      const start = chunk.rowOffset * k;
      yield { ...chunk, labelModelProbs: { n: chunk.ids.length, k, data: this.labelModel.subarray(start, start + chunk.ids.length * k) } };
    }
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
