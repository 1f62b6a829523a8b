/**
 * The second thread of `useKernelThreads`: its own XNNPACK kernels, fed by messages that
 * carry shared buffers; it signals completion through an Atomics flag, so the main thread can
 * block on the answer without returning to its event loop.
 */
import { parentPort } from 'node:worker_threads';
import type { ConvGeometry } from '../../../math/im2col.js';
import { conv2d } from './conv2d.js';
import { conv2dFilterGrad } from './conv2dFilterGrad.js';
import { loadXnnpack } from './xnnpack.js';

/** One half-batch product the main thread asks of the worker. */
export interface WorkerTask {
  op: 'conv2d' | 'conv2dFilterGrad';
  g: ConvGeometry;
  batch: number;
  /** Shared buffers: input images, weights or output gradients, result. */
  x: SharedArrayBuffer;
  w: SharedArrayBuffer;
  out: SharedArrayBuffer;
  done: SharedArrayBuffer;
}

await loadXnnpack();
parentPort!.on('message', (t: WorkerTask) => {
  const flag = new Int32Array(t.done);
  try {
    const inN = t.batch * t.g.inH * t.g.inW * t.g.inC;
    const x = new Float32Array(t.x, 0, inN);
    if (t.op === 'conv2d') {
      const outN = t.batch * t.g.outH * t.g.outW * t.g.outC;
      conv2d(t.g, x, t.batch, new Float32Array(t.w, 0, t.g.kernel * t.g.kernel * t.g.inC * t.g.outC), new Float32Array(t.out, 0, outN));
    } else {
      const dzN = t.batch * t.g.outH * t.g.outW * t.g.outC;
      conv2dFilterGrad(t.g, x, new Float32Array(t.w, 0, dzN), t.batch, new Float32Array(t.out, 0, t.g.kernel * t.g.kernel * t.g.inC * t.g.outC));
    }
    Atomics.store(flag, 0, 1);
  } catch (e) {
    Atomics.store(flag, 0, 2);
    parentPort!.postMessage({ error: (e as Error).message });
  }
  Atomics.notify(flag, 0);
});
parentPort!.postMessage({ ready: true });
