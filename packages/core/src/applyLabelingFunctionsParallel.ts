// The parallel applier: splits the points into contiguous chunks, applies the LFs in worker threads and joins the label matrices in order.

import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ApplyLabelingFunctionsOptions, LFApplyResult, LFFailure } from './applyLabelingFunctions.ts';
import { ConfigError, DataError, LFApplyError, SkimmerError } from './errors.ts';
import type { LFApplyWorkerInput, LFApplyWorkerMessage } from './lfApplyWorker.ts';
import { lfModuleUrl, type LFModuleSpec } from './lfModule.ts';
import type { DataPoint } from './post.ts';

export interface ApplyLabelingFunctionsParallelOptions extends Omit<ApplyLabelingFunctionsOptions, 'rowOffset'> {
  /** Worker threads to start (never more than there are points). Default: available cores - 1, at least 1. */
  readonly workers?: number;
}

const BOOTSTRAP = new URL('./lfApplyWorkerBootstrap.mjs', import.meta.url);
const WORKER_ENTRY = new URL('./lfApplyWorker.ts', import.meta.url).href;
const DEFAULT_MAX_RECORDED_FAILURES = 1000;

/** Contiguous [start, end) row ranges of near-equal size, one per worker. */
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
 * Applies the LFs exported by `spec.module` in worker threads; the result equals `applyLabelingFunctions` on the same LFs.
 * Points must be structured-cloneable (plain data). Each worker imports the module itself, since closures cannot cross threads.
 * When not fault tolerant it rejects with the first failure in row order, the same LFApplyError the in-process applier throws.
 *
 * @example
 * const { L } = await applyLabelingFunctionsParallel(points, { module: '/abs/path/spamLfs.ts' }, { workers: 4, faultTolerant: true });
 */
export async function applyLabelingFunctionsParallel(
  points: readonly DataPoint[],
  spec: LFModuleSpec,
  options: ApplyLabelingFunctionsParallelOptions = {},
): Promise<LFApplyResult> {
  lfModuleUrl(spec); // fail fast on a relative path
  const requested = options.workers ?? Math.max(1, os.availableParallelism() - 1);
  if (!Number.isInteger(requested) || requested < 1) {
    throw new ConfigError('workers', `workers must be an integer >= 1, got ${requested}`, { workers: requested });
  }
  const n = points.length;
  const chunks = contiguousChunks(n, requested);
  const done = new Array<number>(chunks.length).fill(0);
  const workers: Worker[] = [];
  try {
    const settled = await Promise.allSettled(
      chunks.map(([start, end], c) => {
        const input: LFApplyWorkerInput = {
          entry: WORKER_ENTRY,
          spec,
          points: points.slice(start, end),
          options: { batchSize: options.batchSize, faultTolerant: options.faultTolerant, maxRecordedFailuresPerLF: options.maxRecordedFailuresPerLF, rowOffset: start },
        };
        const worker = startWorker(input);
        workers.push(worker);
        const progress = (d: number): void => {
          done[c] = d;
          options.onProgress?.(done.reduce((a, b) => a + b, 0), n);
        };
        // A failing chunk makes later chunks pointless: the error reported is the one of the lowest failing chunk,
        // i.e. the first failure in row order, as the in-process applier reports it.
        return runWorker(worker, progress).catch((err: unknown) => {
          for (const later of workers.slice(c + 1)) void later.terminate();
          throw err;
        });
      }),
    );
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const parts = settled.map((s) => (s as PromiseFulfilledResult<WorkerResult>).value);
    return joinParts(parts, chunks, n, options.maxRecordedFailuresPerLF ?? DEFAULT_MAX_RECORDED_FAILURES);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Starts one worker; points that cannot be structured-cloned (functions, class instances with private state) are a DataError. */
function startWorker(input: LFApplyWorkerInput): Worker {
  try {
    return new Worker(BOOTSTRAP, { workerData: input });
  } catch (err) {
    if (err instanceof Error && err.name === 'DataCloneError') {
      throw new DataError(`points for LF worker threads must be plain data: ${err.message}`, { field: 'points', rowOffset: input.options.rowOffset });
    }
    throw err;
  }
}

type WorkerResult = Extract<LFApplyWorkerMessage, { type: 'result' }>;

/** Resolves with the worker's result message; rejects with a typed error rebuilt from its error message. */
function runWorker(worker: Worker, onProgress: (done: number) => void): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    worker.on('message', (msg: LFApplyWorkerMessage) => {
      if (msg.type === 'progress') onProgress(msg.done);
      else if (msg.type === 'result') resolve(msg);
      else reject(rebuildError(msg));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new SkimmerError('LF_WORKER_EXIT', `LF worker exited with code ${code} before sending its result`, { code })));
  });
}

function rebuildError(msg: Extract<LFApplyWorkerMessage, { type: 'error' }>): Error {
  const context = msg.context ?? {};
  if (msg.code === 'LF_APPLY') return new LFApplyError(msg.message, { lf: String(context.lf ?? ''), ...context });
  if (msg.code === 'CONFIG_INVALID') return new ConfigError(String(context.path ?? ''), msg.message.replace(`${String(context.path ?? '')}: `, ''), context);
  if (msg.code) return new SkimmerError(msg.code, msg.message, context);
  return new SkimmerError('LF_WORKER', `${msg.name}: ${msg.message}`);
}

/** Concatenates the chunks' votes in row order and merges their failures as the single-threaded applier would report them. */
function joinParts(parts: WorkerResult[], chunks: Array<[number, number]>, n: number, maxPerLF: number): LFApplyResult {
  const m = parts[0]?.m ?? 0;
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
