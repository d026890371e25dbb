// Worker thread of the parallel applier: imports the LFs from their module, applies them to its chunk and posts back L's buffer.

import { parentPort, workerData } from 'node:worker_threads';
import { applyLabelingFunctions, type ApplyLabelingFunctionsOptions, type LFFailure } from './applyLabelingFunctions.ts';
import { SkimmerError } from './errors.ts';
import { loadLabelingFunctions, type LFModuleSpec } from './lfModule.ts';
import type { DataPoint } from './post.ts';

/** What the parent sends each worker. */
export interface LFApplyWorkerInput {
  readonly entry: string;
  readonly spec: LFModuleSpec;
  readonly points: DataPoint[];
  readonly options: Omit<ApplyLabelingFunctionsOptions, 'onProgress'>;
}

/** What a worker posts back: progress after each batch, then one result or one error. */
export type LFApplyWorkerMessage =
  | { readonly type: 'progress'; readonly done: number }
  | { readonly type: 'result'; readonly m: number; readonly data: Int32Array; readonly failures: LFFailure[]; readonly failureCounts: Record<string, number> }
  | { readonly type: 'error'; readonly name: string; readonly message: string; readonly code?: string; readonly context?: Record<string, unknown> };

const port = parentPort!;
const input = workerData as LFApplyWorkerInput;

try {
  const lfs = await loadLabelingFunctions(input.spec);
  const { L, failures, failureCounts } = applyLabelingFunctions(input.points, lfs, {
    ...input.options,
    onProgress: (done) => port.postMessage({ type: 'progress', done } satisfies LFApplyWorkerMessage),
  });
  port.postMessage({ type: 'result', m: L.m, data: L.data, failures, failureCounts } satisfies LFApplyWorkerMessage, [L.data.buffer as ArrayBuffer]);
} catch (err) {
  const e = err instanceof Error ? err : new Error(String(err));
  const typed = err instanceof SkimmerError ? { code: err.code, context: { ...err.context } } : {};
  port.postMessage({ type: 'error', name: e.name, message: e.message, ...typed } satisfies LFApplyWorkerMessage);
}
