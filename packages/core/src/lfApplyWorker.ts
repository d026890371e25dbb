// Worker thread of the LF applier pool: imports the LFs from their module once, then labels each chunk it is sent and posts back L's buffer.

import { parentPort, workerData } from 'node:worker_threads';
import { applyLabelingFunctions, type ApplyLabelingFunctionsOptions, type LFFailure } from './applyLabelingFunctions.ts';
import type { LabelingFunction } from './labelingFunction.ts';
import { loadLabelingFunctions, type LFModuleSpec } from './lfModule.ts';
import { workerErrorMessage, type WorkerErrorMessage } from './workerErrors.ts';
import type { DataPoint } from './post.ts';

/** What the pool gives each worker at start. */
export interface LFApplyWorkerData {
  readonly entry: string;
  readonly spec: LFModuleSpec;
}

/** A chunk to label. */
export interface LFApplyJob {
  readonly type: 'apply';
  readonly job: number;
  readonly points: readonly DataPoint[];
  readonly options: Omit<ApplyLabelingFunctionsOptions, 'onProgress'>;
}

/** What a worker posts: ready (LFs loaded) once, then per job progress after each batch and one result or error. */
export type LFApplyWorkerMessage =
  | { readonly type: 'ready'; readonly m: number }
  | { readonly type: 'progress'; readonly job: number; readonly done: number }
  | {
      readonly type: 'result';
      readonly job: number;
      readonly m: number;
      readonly data: Int32Array;
      readonly failures: LFFailure[];
      readonly failureCounts: Record<string, number>;
    }
  | ({ readonly type: 'error'; readonly job?: number } & WorkerErrorMessage);

const port = parentPort!;
const { spec } = workerData as LFApplyWorkerData;

function errorMessage(err: unknown, job?: number): LFApplyWorkerMessage {
  return { type: 'error', job, ...workerErrorMessage(err) };
}

function label(lfs: LabelingFunction[], { job, points, options }: LFApplyJob): void {
  try {
    const { L, failures, failureCounts } = applyLabelingFunctions(points, lfs, {
      ...options,
      onProgress: (done) => port.postMessage({ type: 'progress', job, done } satisfies LFApplyWorkerMessage),
    });
    port.postMessage({ type: 'result', job, m: L.m, data: L.data, failures, failureCounts } satisfies LFApplyWorkerMessage, [L.data.buffer as ArrayBuffer]);
  } catch (err) {
    port.postMessage(errorMessage(err, job));
  }
}

try {
  const lfs = await loadLabelingFunctions(spec);
  port.on('message', (msg: LFApplyJob) => label(lfs, msg));
  port.postMessage({ type: 'ready', m: lfs.length } satisfies LFApplyWorkerMessage);
} catch (err) {
  port.postMessage(errorMessage(err));
}
