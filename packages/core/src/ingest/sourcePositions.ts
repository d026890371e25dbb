// Where a run on a bus that does not persist stands: this process's consumed offsets, and the source cursor its stored batches complete.

import type { ConsumedBatch } from '../bus.ts';
import { DataError } from '../errors.ts';
import type { OffsetPosition } from '../store.ts';

/**
 * Tracks the records of one run on a bus that lives and dies with the process (pumped with `positionHeaders`). Batches
 * of several partitions may be stored in any order, so the resume cursor is that of the last record of an unbroken run
 * of stored records in production order (`seq`): every record before it is stored, whatever was stored past it is
 * stored again after a restart (the store keeps one copy per id).
 */
export class SourcePositions {
  private readonly next = new Map<number, bigint>();
  /** Cursors of stored records past the unbroken run, by seq. */
  private readonly storedAhead = new Map<number, string>();
  /** Seq of the first record not known to be stored. */
  private low = 0;

  /**
   * `start`: the bus's end offsets when the run begins. What is on the topic already came from an earlier run of this
   * process, whose unstored records the source gives again from the stored cursor, so the consumer starts past it.
   */
  constructor(start: readonly OffsetPosition[] = []) {
    for (const { partition, nextOffset } of start) this.next.set(partition, BigInt(nextOffset));
  }

  /** The offsets this process's consumer has stored, per partition (what `waitUntilCaughtUp` compares with the bus's end). */
  offsets(): OffsetPosition[] {
    return [...this.next].sort(([a], [b]) => a - b).map(([partition, next]) => ({ partition, nextOffset: next.toString() }));
  }

  /** The cursor to store with `batch`: the end of the unbroken stored run once it is stored, or undefined when that does not move. */
  cursorAfter(batch: ConsumedBatch): string | undefined {
    const cursors = new Map(batch.records.map((r) => [seqOf(r.headers, r.offset), cursorOf(r.headers, r.offset)]));
    let at = this.low;
    let cursor: string | undefined;
    for (;;) {
      const c = cursors.get(at) ?? this.storedAhead.get(at);
      if (c === undefined) return cursor;
      cursor = c;
      at++;
    }
  }

  /** Records `batch` as stored. */
  stored(batch: ConsumedBatch): void {
    for (const r of batch.records) this.storedAhead.set(seqOf(r.headers, r.offset), cursorOf(r.headers, r.offset));
    while (this.storedAhead.delete(this.low)) this.low++;
    this.next.set(batch.partition, BigInt(batch.lastOffset) + 1n);
  }
}

function seqOf(headers: Readonly<Record<string, string>>, offset: string): number {
  const seq = Number(headers.seq);
  if (!Number.isSafeInteger(seq) || seq < 0)
    throw new DataError(`record at offset ${offset} has no seq header (pumpSource with positionHeaders)`, { field: 'seq' });
  return seq;
}

function cursorOf(headers: Readonly<Record<string, string>>, offset: string): string {
  const cursor = headers.cursor;
  if (cursor === undefined) throw new DataError(`record at offset ${offset} has no cursor header (pumpSource with positionHeaders)`, { field: 'cursor' });
  return cursor;
}
