// A linear-time UnsortedSegmentSum kernel (scatter-add) for the cpu and wasm backends, so Embedding layers train fast.

import * as tf from '@tensorflow/tfjs';

interface KernelBackend {
  readSync(dataId: object): unknown;
  makeTensorInfo?(shape: number[], dtype: tf.DataType, values: tf.backend_util.BackendValues): tf.TensorInfo;
  makeOutput?(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): tf.TensorInfo;
}

/**
 * out[segmentIds[i], j] += x[i, j] in one pass over x. The cpu backend's own kernel loops over every segment
 * (numSegments passes over x: 38 s a batch at vocabulary 5,000) and the wasm backend has none at all.
 */
function unsortedSegmentSum(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = args.attrs?.numSegments as number;
  const backend = args.backend as KernelBackend;
  const values = backend.readSync(x.dataId) as Float32Array | Int32Array;
  const ids = backend.readSync(segmentIds.dataId) as Int32Array;
  const inner = ids.length === 0 ? 0 : values.length / ids.length;
  const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  const out = x.dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
  for (let i = 0; i < ids.length; i++) {
    const segment = ids[i];
    if (segment < 0 || segment >= numSegments) continue;
    const from = i * inner;
    const to = segment * inner;
    for (let j = 0; j < inner; j++) out[to + j] += values[from + j];
  }
  if (backend.makeOutput && !backend.makeTensorInfo) return backend.makeOutput(shape, x.dtype, undefined, out);
  return backend.makeTensorInfo!(shape, x.dtype, out);
}

const registered = new Set<string>();

/** Registers the scatter-add UnsortedSegmentSum for `backendName` ('cpu' or 'wasm'), replacing any kernel there; idempotent. */
export function registerScatterAddKernel(backendName: 'cpu' | 'wasm'): void {
  if (registered.has(backendName)) return;
  if (tf.getKernel('UnsortedSegmentSum', backendName)) tf.unregisterKernel('UnsortedSegmentSum', backendName);
  tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName, kernelFunc: unsortedSegmentSum as tf.KernelFunc });
  registered.add(backendName);
}
