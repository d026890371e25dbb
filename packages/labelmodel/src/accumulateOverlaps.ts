// Counts a label matrix's co-votes (OverlapStats) on several threads: contiguous row slices, one per thread, merged exactly.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LabelMatrix } from '@skimmer/core';
import { OverlapStats, invalidLabel } from './overlaps.ts';

export interface AccumulateOverlapsOptions {
  /** Threads in all, this one included (default: the machine's available parallelism). */
  threads?: number;
  /**
   * Below this many rows per thread the work stays on this thread (default 4,000,000: with the WebAssembly kernel one
   * thread counts 10⁶ rows of 50 LFs in ~0.15 s, less than a worker takes to start plus copying it its slice).
   */
  minRowsPerThread?: number;
}

interface WorkerReply {
  counts?: Float64Array;
  invalidVote?: { row: number; lf: number; label: number };
  message?: string;
}

/**
 * The same statistics as `new OverlapStats(L.m, k).add(L)`, with the rows split over worker threads and this one.
 * Each worker gets a copy of its slice (transferred, not cloned twice) and loads only the plain-JS kernel.
 *
 * @example
 * const stats = await accumulateOverlaps(L, 2, { threads: 2 });
 * new SnorkelLabelModel({ cardinality: 2 }).fitOverlaps(stats, { seed: 123 });
 */
export async function accumulateOverlaps(L: LabelMatrix, cardinality: number, options: AccumulateOverlapsOptions = {}): Promise<OverlapStats> {
  const stats = new OverlapStats(L.m, cardinality);
  const threads = overlapThreads(L.n, options);
  if (threads <= 1) return stats.add(L);
  const rowsPerThread = Math.ceil(L.n / threads);
  const replies: Array<Promise<void>> = [];
  for (let t = 1; t < threads; t++) {
    const start = t * rowsPerThread;
    const end = Math.min(L.n, start + rowsPerThread);
    replies.push(countInWorker(L, start, end, cardinality, stats));
  }
  // This thread counts the first slice while the workers count the rest.
  stats.add({ n: Math.min(L.n, rowsPerThread), m: L.m, data: L.data.subarray(0, Math.min(L.n, rowsPerThread) * L.m) });
  await Promise.all(replies);
  return stats;
}

/** How many threads `accumulateOverlaps` counts n rows on (this one included). */
export function overlapThreads(n: number, options: AccumulateOverlapsOptions = {}): number {
  return Math.max(1, Math.min(options.threads ?? availableParallelism(), Math.floor(n / (options.minRowsPerThread ?? 4_000_000))));
}

function countInWorker(L: LabelMatrix, start: number, end: number, k: number, into: OverlapStats): Promise<void> {
  const data = L.data.slice(start * L.m, end * L.m);
  const worker = new Worker(new URL('./overlapWorker.mjs', import.meta.url), {
    workerData: { data, n: end - start, m: L.m, k },
    transferList: [data.buffer],
  });
  return new Promise<void>((resolve, reject) => {
    worker.once('message', (reply: WorkerReply) => {
      void worker.terminate();
      if (reply.counts) {
        into.addCounts(reply.counts, end - start);
        resolve();
      } else if (reply.invalidVote) {
        const { row, lf, label } = reply.invalidVote;
        reject(invalidLabel(start + row, lf, label, k));
      } else {
        reject(new Error(`overlap worker failed: ${reply.message ?? 'no reply'}`));
      }
    });
    worker.once('error', reject);
  });
}
