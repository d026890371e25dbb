// A pool of worker threads that hold the LFs of one module and label chunks of points; pays the start-up cost once for many calls.

import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ApplyLabelingFunctionsOptions, LFApplyResult, LFFailure } from './applyLabelingFunctions.ts';
import { ConfigError, DataError, SkimmerError } from './errors.ts';
import { rebuildWorkerError, workerReady } from './workerErrors.ts';
import type { LFApplyJob, LFApplyWorkerData, LFApplyWorkerMessage } from './lfApplyWorker.ts';
import { lfModuleUrl, type LFModuleSpec } from './lfModule.ts';
import type { DataPoint } from './post.ts';
import { siblingModuleUrl } from './siblingModule.ts';

const BOOTSTRAP = new URL('./typescriptWorkerBootstrap.mjs', import.meta.url);
const WORKER_ENTRY = siblingModuleUrl('./lfApplyWorker', import.meta.url);
const DEFAULT_MAX_RECORDED_FAILURES = 1000;

export interface LFApplierPoolOptions {
  /** Worker threads to start. Default: available cores - 1, at least 1. */
  readonly workers?: number;
}

/** Per-call settings: as the in-process applier's (`rowOffset` numbers the rows of a chunk of a larger split in failures and errors). */
export type LFApplierPoolApplyOptions = ApplyLabelingFunctionsOptions;

type WorkerResult = Extract<LFApplyWorkerMessage, { type: 'result' }>;
type WorkerError = Extract<LFApplyWorkerMessage, { type: 'error' }>;

/** Available cores - 1, at least 1: the main thread keeps a core. */
export function defaultLFWorkerCount(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

/** Contiguous [start, end) row ranges of near-equal size, larger ones first; at least one (empty for no rows). */
export function contiguousChunks(n: number, parts: number): Array<[number, number]> {
  const p = Math.max(1, Math.min(parts, n));
  const base = Math.floor(n / p);
  const extra = n % p;
  const chunks: Array<[number, number]> = [];
  let start = 0;
  for (let c = 0; c < p; c++) {
    const end = start + base + (c < extra ? 1 : 0);
    chunks.push([start, end]);
    start = end;
  }
  return chunks;
}

/**
 * Worker threads that each import the LFs of `spec.module` once and then label any number of point arrays.
 * Each `apply` splits its points into contiguous chunks, one per worker, and returns exactly what
 * `applyLabelingFunctions` returns on the same LFs (votes, failures, counts, and the first failure in row order
 * when not fault tolerant). Calls are queued; idle workers do not keep the process alive. Call `close()` when done.
 *
 * @example
 * const pool = await LFApplierPool.start({ module: '/abs/path/spamLfs.ts' }, { workers: 4 });
 * for await (const chunk of store.readPoints(10_000)) save(await pool.apply(chunk, { faultTolerant: true }));
 * await pool.close();
 */
export class LFApplierPool {
  /** Number of LFs, i.e. columns of every L this pool returns. */
  readonly m: number;
  private readonly workers: readonly Worker[];
  private queue: Promise<unknown> = Promise.resolve();
  private nextJob = 0;
  private closed = false;

  private constructor(workers: readonly Worker[], m: number) {
    this.workers = workers;
    this.m = m;
  }

  /** Starts the workers and waits until each has imported the LFs (rejects with the module's error otherwise). */
  static async start(spec: LFModuleSpec, options: LFApplierPoolOptions = {}): Promise<LFApplierPool> {
    lfModuleUrl(spec); // fail fast on a relative path
    const count = options.workers ?? defaultLFWorkerCount();
    if (!Number.isInteger(count) || count < 1) {
      throw new ConfigError('workers', `workers must be an integer >= 1, got ${count}`, { workers: count });
    }
    const workerData: LFApplyWorkerData = { entry: WORKER_ENTRY, spec };
    const workers = Array.from({ length: count }, () => new Worker(BOOTSTRAP, { workerData }));
    try {
      const ms = await Promise.all(workers.map(waitUntilReady));
      for (const w of workers) w.unref();
      return new LFApplierPool(workers, ms[0]);
    } catch (err) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw err;
    }
  }

  /** Labels `points` across the workers; L has one row per point, in order. */
  apply(points: readonly DataPoint[], options: LFApplierPoolApplyOptions = {}): Promise<LFApplyResult> {
    const run = this.queue.then(() => this.run(points, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the workers; later `apply` calls reject. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private async run(points: readonly DataPoint[], options: LFApplierPoolApplyOptions): Promise<LFApplyResult> {
    if (this.closed) throw new SkimmerError('LF_POOL_CLOSED', 'the LF applier pool is closed');
    const n = points.length;
    const chunks = contiguousChunks(n, this.workers.length);
    const done = new Array<number>(chunks.length).fill(0);
    const settled = await Promise.allSettled(
      chunks.map(([start, end], c) => {
        const job: LFApplyJob = {
          type: 'apply',
          job: this.nextJob++,
          points: points.slice(start, end),
          options: {
            batchSize: options.batchSize,
            faultTolerant: options.faultTolerant,
            maxRecordedFailuresPerLF: options.maxRecordedFailuresPerLF,
            rowOffset: (options.rowOffset ?? 0) + start,
          },
        };
        return runJob(this.workers[c], job, (d) => {
          done[c] = d;
          options.onProgress?.(
            done.reduce((a, b) => a + b, 0),
            n,
          );
        });
      }),
    );
    // The lowest failing chunk holds the first failure in row order, as the in-process applier reports it.
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const parts = settled.map((s) => (s as PromiseFulfilledResult<WorkerResult>).value);
    return joinParts(parts, chunks, n, this.m, options.maxRecordedFailuresPerLF ?? DEFAULT_MAX_RECORDED_FAILURES);
  }
}

/** Resolves with the number of LFs once the worker has loaded them. */
function waitUntilReady(worker: Worker): Promise<number> {
  return workerReady(
    worker,
    (msg: Extract<LFApplyWorkerMessage, { type: 'ready' }>) => msg.m,
    'LF_WORKER',
    (code) => new SkimmerError('LF_WORKER_EXIT', `LF worker exited with code ${code} while loading the LFs`, { code }),
  );
}

/** Sends one chunk to a worker and resolves with its result; the worker holds the process alive only while it works. */
function runJob(worker: Worker, job: LFApplyJob, onProgress: (done: number) => void): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const finish = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      worker.unref();
    };
    const onMessage = (msg: LFApplyWorkerMessage): void => {
      if (!('job' in msg) || msg.job !== job.job) return;
      if (msg.type === 'progress') {
        onProgress(msg.done);
        return;
      }
      finish();
      if (msg.type === 'result') resolve(msg);
      else reject(rebuildError(msg));
    };
    const onError = (err: Error): void => {
      finish();
      reject(err);
    };
    const onExit = (code: number): void => {
      finish();
      reject(new SkimmerError('LF_WORKER_EXIT', `LF worker exited with code ${code} during a job`, { code }));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.ref();
    try {
      worker.postMessage(job);
    } catch (err) {
      finish();
      const cloneFailed = err instanceof Error && err.name === 'DataCloneError';
      reject(
        cloneFailed
          ? new DataError(`points for LF worker threads must be plain data: ${err.message}`, { field: 'points', rowOffset: job.options.rowOffset })
          : err,
      );
    }
  });
}

/** Rebuilds a typed error from a worker's error message. */
function rebuildError(msg: WorkerError): Error {
  return rebuildWorkerError(msg, 'LF_WORKER');
}

/** Concatenates the chunks' votes in row order and merges their failures as the in-process applier would report them. */
function joinParts(parts: WorkerResult[], chunks: Array<[number, number]>, n: number, m: number, maxPerLF: number): LFApplyResult {
  const data = new Int32Array(n * m);
  const failureCounts: Record<string, number> = {};
  const failures: LFFailure[] = [];
  const kept: Record<string, number> = {};
  parts.forEach((part, c) => {
    data.set(part.data, chunks[c][0] * m);
    for (const [lf, count] of Object.entries(part.failureCounts)) failureCounts[lf] = (failureCounts[lf] ?? 0) + count;
    for (const f of part.failures) {
      kept[f.lf] = (kept[f.lf] ?? 0) + 1;
      if (kept[f.lf] <= maxPerLF) failures.push(f);
    }
  });
  return { L: { n, m, data }, failures, failureCounts };
}
