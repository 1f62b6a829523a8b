import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ConvGeometry } from './im2col.js';
import type { Floats, LayerKernels } from './layerKernels.js';
import type { WorkerTask } from './kernelWorker.js';

/** A shared Float32 buffer that grows (and is replaced) when a call needs more. */
class SharedFloats {
  buffer = new SharedArrayBuffer(4);
  view = new Float32Array(this.buffer);
  ensure(n: number): Float32Array {
    if (this.view.length < n) {
      this.buffer = new SharedArrayBuffer(4 * n);
      this.view = new Float32Array(this.buffer);
    }
    return this.view;
  }
}

/**
 * Conv kernels on two threads: the batch is split, the main thread runs its half on its own
 * kernels while a worker thread runs the other half on its own WebAssembly kernels; the filter
 * gradient halves are summed. Dense products stay on the main thread. Operands travel through
 * shared buffers that are reused between calls (grown when a call needs more).
 */
class ParallelKernels implements LayerKernels {
  readonly name = 'wasm×2';
  private readonly x = new SharedFloats();
  private readonly w = new SharedFloats();
  private readonly out = new SharedFloats();
  private readonly done = new SharedArrayBuffer(4);
  private readonly flag = new Int32Array(this.done);
  private part = new Float32Array(0);
  private lastError = '';

  constructor(private readonly main: LayerKernels, private readonly worker: Worker) {
    worker.on('message', (m: { error?: string }) => {
      if (m.error) this.lastError = m.error;
    });
    worker.unref();
  }

  private run(task: Omit<WorkerTask, 'done' | 'x' | 'w' | 'out'>): void {
    Atomics.store(this.flag, 0, 0);
    this.worker.postMessage({ ...task, x: this.x.buffer, w: this.w.buffer, out: this.out.buffer, done: this.done });
  }

  private wait(): void {
    Atomics.wait(this.flag, 0, 0);
    if (Atomics.load(this.flag, 0) !== 1) throw new Error(`kernel worker failed: ${this.lastError}`);
  }

  conv2d(g: ConvGeometry, x: Floats, batch: number, w: Floats, out: Floats): void {
    const half = batch >> 1;
    if (half === 0 || !(x instanceof Float32Array) || !(out instanceof Float32Array)) {
      this.main.conv2d(g, x, batch, w, out);
      return;
    }
    const inN = g.inH * g.inW * g.inC;
    const outN = g.outH * g.outW * g.outC;
    const rest = batch - half;
    this.x.ensure(rest * inN).set(x.subarray(half * inN, batch * inN));
    this.w.ensure(w.length).set(w);
    this.out.ensure(rest * outN);
    this.run({ op: 'conv2d', g, batch: rest });
    this.main.conv2d(g, x, half, w, out);
    this.wait();
    out.set(this.out.view.subarray(0, rest * outN), half * outN);
  }

  conv2dFilterGrad(g: ConvGeometry, x: Floats, dz: Floats, batch: number, dW: Floats): void {
    const half = batch >> 1;
    if (half === 0 || !(x instanceof Float32Array) || !(dz instanceof Float32Array) || !(dW instanceof Float32Array)) {
      this.main.conv2dFilterGrad(g, x, dz, batch, dW);
      return;
    }
    const inN = g.inH * g.inW * g.inC;
    const outN = g.outH * g.outW * g.outC;
    const rest = batch - half;
    this.x.ensure(rest * inN).set(x.subarray(half * inN, batch * inN));
    this.w.ensure(rest * outN).set(dz.subarray(half * outN, batch * outN));
    this.out.ensure(dW.length);
    this.run({ op: 'conv2dFilterGrad', g, batch: rest });
    this.main.conv2dFilterGrad(g, x, dz, half, dW);
    this.wait();
    if (this.part.length !== dW.length) this.part = new Float32Array(dW.length);
    const other = this.out.view;
    for (let i = 0; i < dW.length; i++) dW[i] = dW[i]! + other[i]!;
  }

  matmul(transA: boolean, transB: boolean, m: number, n: number, k: number, A: Floats, B: Floats, C: Floats): void {
    this.main.matmul(transA, transB, m, n, k, A, B, C);
  }
}

/**
 * Kernels that use a second core: the main thread's kernels (`main`, normally the wasm
 * ones) plus a worker thread with its own WebAssembly kernels. Resolves once the worker has
 * loaded its backend.
 */
export async function parallelKernels(main: LayerKernels): Promise<LayerKernels> {
  const ts = new URL('./kernelWorker.ts', import.meta.url);
  const js = new URL('./kernelWorker.js', import.meta.url);
  const fromSource = import.meta.url.endsWith('.ts') || !existsSync(fileURLToPath(js));
  // from TypeScript sources (tsx, jest), the worker registers tsx's loader before importing
  const worker = fromSource
    ? new Worker(`import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(ts.href)}); })`, { eval: true })
    : new Worker(js);
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return new ParallelKernels(main, worker);
}
