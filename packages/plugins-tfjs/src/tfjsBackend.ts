// Chooses the TensorFlow.js backend: tfjs-node when the user has it installed, else wasm (SIMD), else the pure-JS cpu backend.

import * as tf from '@tensorflow/tfjs';
import { ClassifierError } from '@skimmer/core';
import { registerScatterAddKernel } from './scatterAddKernel.ts';

/** 'auto' picks the fastest available: 'tensorflow' (native, via @tensorflow/tfjs-node), then 'wasm', then 'cpu'. */
export type TfjsBackendName = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

async function tryTensorflow(): Promise<boolean> {
  // An optional peer: a variable specifier keeps TypeScript and bundlers from requiring it.
  const nodeBinding = '@tensorflow/tfjs-node';
  try {
    await import(nodeBinding);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    registerScatterAddKernel('wasm');
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

async function tryCpu(): Promise<boolean> {
  registerScatterAddKernel('cpu');
  return tf.setBackend('cpu');
}

const attempts: Record<Exclude<TfjsBackendName, 'auto'>, () => Promise<boolean>> = { tensorflow: tryTensorflow, wasm: tryWasm, cpu: tryCpu };

/**
 * Makes `wanted` the active TensorFlow.js backend (a process-wide setting) and returns the name in use.
 * Throws a ClassifierError when an explicitly named backend cannot start.
 *
 * @example
 * await useTfjsBackend('auto'); // 'wasm' on a machine without @tensorflow/tfjs-node
 */
export async function useTfjsBackend(wanted: TfjsBackendName = 'auto'): Promise<string> {
  if (wanted === 'auto' && autoBackend) wanted = autoBackend;
  if (wanted !== 'auto' && tf.getBackend() === wanted) return wanted;
  const order: Array<Exclude<TfjsBackendName, 'auto'>> = wanted === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [wanted];
  for (const name of order) {
    if (await attempts[name]()) {
      await tf.ready();
      if (wanted === 'auto') autoBackend = name;
      return name;
    }
  }
  throw new ClassifierError(`the TensorFlow.js backend '${wanted}' could not start`, { backend: wanted });
}

/** The backend 'auto' settled on in this process (probed once). */
let autoBackend: Exclude<TfjsBackendName, 'auto'> | undefined;
