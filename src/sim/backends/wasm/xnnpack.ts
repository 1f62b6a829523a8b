import type * as TF from '@tensorflow/tfjs-core';
import { warn } from '../../../core/warnings.js';

let tf: typeof TF | null = null;
let loading: Promise<typeof TF> | null = null;
let warned = false;

/**
 * Load TensorFlow.js's WebAssembly backend (XNNPACK, SIMD) once: the wasm backend's
 * `prepare`. Rejects when the packages or WebAssembly SIMD are missing.
 */
export function loadXnnpack(): Promise<typeof TF> {
  loading ??= (async () => {
    const hasProcess = typeof process !== 'undefined' && typeof process.listeners === 'function';
    const before = hasProcess ? { ex: process.listeners('uncaughtException'), rej: process.listeners('unhandledRejection') } : null;
    const t = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-wasm');
    t.env().set('IS_TEST', true); // silences the "install tfjs-node" banner
    if (!(await t.setBackend('wasm'))) throw new Error('TensorFlow.js could not start its wasm backend');
    await t.ready();
    if (before) {
      // the Emscripten module rethrows every uncaught error from a handler of its own, which
      // prints its whole minified source; leave error reporting to Node
      for (const l of process.listeners('uncaughtException')) if (!before.ex.includes(l)) process.removeListener('uncaughtException', l);
      for (const l of process.listeners('unhandledRejection')) if (!before.rej.includes(l)) process.removeListener('unhandledRejection', l);
    }
    tf = t;
    return t;
  })();
  return loading;
}

/**
 * TensorFlow.js on XNNPACK when `loadXnnpack` has finished, else null: the product kernels
 * then run the cpu reference, and the first such call warns once that
 * `await prepareBackend('wasm')` makes them fast.
 */
export function xnnpack(kernel: string): typeof TF | null {
  if (tf === null && !warned) {
    warned = true;
    warn({
      code: 'backend-not-prepared',
      field: `wasm ${kernel}`,
      message: `the wasm backend's ${kernel} runs the cpu reference until TensorFlow.js's WebAssembly backend is loaded: await prepareBackend('wasm') before building the Simulator`,
    });
  }
  return tf;
}
