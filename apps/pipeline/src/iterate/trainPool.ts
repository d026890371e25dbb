// The train split as `pipeline iterate` reads it: the split's texts joined to the base run's votes and label-model labels, chunk by chunk.

import type { ProbMatrix, Store } from '@skimmer/core';
import type { SplitSource } from '../data/splitSources.ts';
import { joinSplitRows, type JoinedChunk } from '../stages/classifierData.ts';
import { spillStoredTrainProbs, type TrainProbsFile } from '../stages/classifierTrainProbs.ts';
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
 * The train split of an iteration: re-readable chunk by chunk. The run's label-model probabilities are copied from the
 * store once, a stored block at a time, to a spill file (`spillFile`, n × k float64) by the first pass that reads the
 * chunks (an iterate that neither chooses nor trains never copies them) and read back with each chunk: nothing of n
 * rows stays in memory. `close` deletes the file.
 */
export class TrainPool {
  /** Rows of records looked up so far (tagged or pushed ones: a few thousand at most), and ids found not to be train records. */
  private readonly located = new Map<string, PoolRow>();
  private readonly outside = new Set<string>();
  /** The spill file, once a pass asked for it. */
  private labelModel: Promise<TrainProbsFile> | undefined;

  private constructor(
    private readonly store: Store,
    private readonly labelOutputsRun: string,
    private readonly spillFile: string,
    private readonly source: SplitSource,
    private readonly rows: SplitRows,
    readonly k: number,
    private readonly chunkRows: number,
    private readonly runId: string,
  ) {}

  /** The pool of `source` (the train split's texts) and `rows` (run `runId`'s votes on it); run `labelOutputsRun`'s stored labels go to `spillFile` when first read. */
  static open(
    store: Store,
    runId: string,
    labelOutputsRun: string,
    source: SplitSource,
    rows: SplitRows,
    k: number,
    chunkRows: number,
    spillFile: string,
  ): TrainPool {
    return new TrainPool(store, labelOutputsRun, spillFile, source, rows, k, chunkRows, runId);
  }

  /** Deletes the spill file, if it was written. */
  async close(): Promise<void> {
    await (await this.labelModel?.catch(() => undefined))?.remove();
  }

  get n(): number {
    return this.rows.n;
  }

  /** The rows in order, each chunk's texts checked against the run's item ids (the data must not have changed since the run). */
  async *chunks(): AsyncIterable<PoolChunk> {
    this.labelModel ??= spillStoredTrainProbs(this.store, this.labelOutputsRun, this.rows, this.k, this.spillFile);
    yield* (await this.labelModel).join(joinSplitRows(this.source, this.rows, this.chunkRows, this.runId));
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
