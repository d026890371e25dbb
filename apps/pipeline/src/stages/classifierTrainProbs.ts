// Train's label-model probabilities in a run-folder file (probs.train.f64: n × k float64 in train row order), written once chunk by chunk and read back a chunk at a time: no n × k array stays in the heap.

import { open, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { DataError } from '@skimmer/core';
import type { ProbMatrix, Store } from '@skimmer/core';
import type { SplitRows } from './splitRows.ts';

/** The file's name in a run folder (like the L files). */
export const TRAIN_PROBS_FILE = 'probs.train.f64';

const BYTES = Float64Array.BYTES_PER_ELEMENT;

/** A chunk of train rows, `rowOffset ..`, one id a row. */
interface RowsAt {
  readonly rowOffset: number;
  readonly ids: readonly string[];
}

/** Train's probabilities, written in row order; the readers open it for each pass. */
export class TrainProbsFile {
  constructor(
    readonly file: string,
    readonly n: number,
    readonly k: number,
  ) {}

  /**
   * `chunks` (train rows in order, any chunk sizes) each with its rows' probabilities, one positional read a chunk.
   *
   * @example
   * for await (const chunk of probsFile.join(joinSplitRows(source, rows, 20_000, runId))) chunk.labelModelProbs.data;
   */
  async *join<C extends RowsAt>(chunks: AsyncIterable<C>): AsyncIterable<C & { readonly labelModelProbs: ProbMatrix }> {
    const k = this.k;
    const handle = await open(this.file, 'r');
    try {
      for await (const chunk of chunks) {
        const rows = chunk.ids.length;
        if (chunk.rowOffset + rows > this.n)
          throw new DataError(`${this.file} holds ${this.n} train rows, rows up to ${chunk.rowOffset + rows} were asked for`, { field: 'labelOutputs' });
        const data = new Float64Array(rows * k);
        await readFully(handle, new Uint8Array(data.buffer), chunk.rowOffset * k * BYTES);
        yield { ...chunk, labelModelProbs: { n: rows, k, data } };
      }
    } finally {
      await handle.close();
    }
  }

  /** Deletes the file (it is a spill: the store keeps the labels). */
  async remove(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

async function readFully(handle: FileHandle, into: Uint8Array, position: number): Promise<void> {
  for (let at = 0; at < into.length; ) {
    const { bytesRead } = await handle.read(into, at, into.length - at, position + at);
    if (bytesRead === 0) throw new DataError(`train probabilities file ended at byte ${position + at}`, { field: 'labelOutputs' });
    at += bytesRead;
  }
}

/** Writes train's probabilities chunk by chunk, in row order. */
export class TrainProbsWriter {
  private rows = 0;

  private constructor(
    private readonly handle: FileHandle,
    private readonly file: string,
    private readonly k: number,
  ) {}

  static async create(file: string, k: number): Promise<TrainProbsWriter> {
    return new TrainProbsWriter(await open(file, 'w'), file, k);
  }

  /** Appends rows `rowOffset ..` (the next rows: chunks come in order). */
  async append(rowOffset: number, probs: Float64Array): Promise<void> {
    if (rowOffset !== this.rows) throw new Error(`train probabilities for row ${rowOffset} written after ${this.rows} rows: chunks must come in order`);
    const bytes = new Uint8Array(probs.buffer, probs.byteOffset, probs.byteLength);
    for (let at = 0; at < bytes.length; ) at += (await this.handle.write(bytes, at, bytes.length - at)).bytesWritten;
    this.rows += probs.length / this.k;
  }

  async finish(): Promise<TrainProbsFile> {
    await this.handle.close();
    return new TrainProbsFile(this.file, this.rows, this.k);
  }

  /** Closes and deletes the file (a failed stage). */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => {});
    await rm(this.file, { force: true });
  }
}

const pruned = (runId: string) =>
  new DataError(`run ${runId} has no stored labels (pruned by a later run: rerun \`pipeline fit\`, or keep them with labelOutputs.keepRuns / --keep-labels)`, {
    record: runId,
  });

/**
 * Copies run `runId`'s stored labels of `train`'s rows into `writer`, a stored block at a time, each block's ids matched
 * to the run's train ids chunk by chunk: only blocks read ahead of the train rows (saved out of order, or another
 * split's) wait in memory.
 */
async function copyBlockwise(store: Store, runId: string, train: SplitRows, writer: TrainProbsWriter, k: number): Promise<void> {
  const blocks = store.labelOutputs.readBlocks(runId)[Symbol.asyncIterator]();
  const waiting = new Map<string, { data: Float64Array; at: number }>();
  let blocksRead = 0;
  let done = false;
  try {
    for await (const chunk of train.chunks()) {
      const probs = new Float64Array(chunk.ids.length * k);
      for (let i = 0; i < chunk.ids.length; i++) {
        const id = chunk.ids[i];
        let label = waiting.get(id);
        while (!label && !done) {
          const next = await blocks.next();
          if (next.done) {
            done = true;
            break;
          }
          const block = next.value;
          blocksRead++;
          if (block.probs.k !== k)
            throw new DataError(`run ${runId} stored labels of ${block.probs.k} classes, the config has ${k}: run \`pipeline run\` again`, { record: runId });
          block.itemIds.forEach((blockId, at) => waiting.set(blockId, { data: block.probs.data, at }));
          label = waiting.get(id);
        }
        if (!label && blocksRead === 0) throw pruned(runId);
        if (!label)
          throw new DataError(`run ${runId} has no label-model label for train record "${id}": the data changed since that run; run \`pipeline run\` again`, {
            record: id,
          });
        waiting.delete(id);
        probs.set(label.data.subarray(label.at * k, (label.at + 1) * k), i * k);
      }
      await writer.append(chunk.rowOffset, probs);
    }
  } finally {
    await blocks.return?.();
  }
}

/**
 * Writes the label-model probabilities run `runId` stored for `train`'s rows (their ids, from the run's id blocks) to
 * `file`, in train order, a stored block at a time; the file is removed when that fails.
 *
 * @example
 * const probs = await spillStoredTrainProbs(store, runId, splits.get('train')!, 2, path.join(runDir, TRAIN_PROBS_FILE));
 */
export async function spillStoredTrainProbs(store: Store, runId: string, train: SplitRows, k: number, file: string): Promise<TrainProbsFile> {
  const writer = await TrainProbsWriter.create(file, k);
  try {
    await copyBlockwise(store, runId, train, writer, k);
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return writer.finish();
}
