import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { convGeometryOf } from '../../../math/convGeometryOf.js';
import type { ConvGeometry } from '../../../math/im2col.js';
import type { Conv2dFilterGradKernel, Conv2dKernel, Floats } from '../../../math/productKernels.js';
import { registerKernel } from '../registry.js';
import { conv2d } from './conv2d.js';
import { conv2dFilterGrad } from './conv2dFilterGrad.js';
import type { WorkerTask } from './kernelWorker.js';
import { loadXnnpack } from './xnnpack.js';
import { ArenaThread, CONTROL, setArenaThread } from './arenaThread.js';
import { sharedKernelModule } from './wasmModule.js';

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
 * The wasm backend's conv products on two threads: the batch is split, the main thread runs
 * its half on XNNPACK while a worker thread runs the other half on its own XNNPACK; the filter
 * gradient halves are summed. Operands travel through shared buffers reused between calls.
 */
class KernelThread {
  private readonly x = new SharedFloats();
  private readonly w = new SharedFloats();
  private readonly out = new SharedFloats();
  private readonly done = new SharedArrayBuffer(4);
  private readonly flag = new Int32Array(this.done);
  private lastError = '';

  constructor(private readonly worker: Worker) {
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

  conv2d: Conv2dKernel = (g: ConvGeometry, x: Floats, batch: number, w: Floats, out: Floats) => {
    const half = batch >> 1;
    if (half === 0 || !(x instanceof Float32Array) || !(out instanceof Float32Array)) {
      conv2d(g, x, batch, w, out);
      return;
    }
    const { inSize: inN, outSize: outN } = convGeometryOf(g);
    const rest = batch - half;
    this.x.ensure(rest * inN).set(x.subarray(half * inN, batch * inN));
    this.w.ensure(w.length).set(w);
    this.out.ensure(rest * outN);
    this.run({ op: 'conv2d', g, batch: rest });
    conv2d(g, x, half, w, out);
    this.wait();
    out.set(this.out.view.subarray(0, rest * outN), half * outN);
  };

  conv2dFilterGrad: Conv2dFilterGradKernel = (g: ConvGeometry, x: Floats, dz: Floats, batch: number, dW: Floats) => {
    const half = batch >> 1;
    if (half === 0 || !(x instanceof Float32Array) || !(dz instanceof Float32Array) || !(dW instanceof Float32Array)) {
      conv2dFilterGrad(g, x, dz, batch, dW);
      return;
    }
    const { inSize: inN, outSize: outN } = convGeometryOf(g);
    const rest = batch - half;
    this.x.ensure(rest * inN).set(x.subarray(half * inN, batch * inN));
    this.w.ensure(rest * outN).set(dz.subarray(half * outN, batch * outN));
    this.out.ensure(dW.length);
    this.run({ op: 'conv2dFilterGrad', g, batch: rest });
    conv2dFilterGrad(g, x, dz, half, dW);
    this.wait();
    const other = this.out.view;
    for (let i = 0; i < dW.length; i++) dW[i] = dW[i]! + other[i]!;
  };
}

let started: Promise<void> | null = null;

/** The second thread of the wasm arenas (arenaWorker.ts), sharing their memories. */
async function startArenaWorker(fromSource: boolean): Promise<ArenaThread> {
  const control = new SharedArrayBuffer(CONTROL.BYTES);
  const ts = new URL('./arenaWorker.ts', import.meta.url);
  const js = new URL('./arenaWorker.js', import.meta.url);
  const worker = fromSource
    ? new Worker(`import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(ts.href)}); })`, { eval: true, workerData: { control } })
    : new Worker(js, { workerData: { control } });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  worker.unref();
  return new ArenaThread(control, worker);
}

/**
 * Node only: give the wasm backend a second core. The conv products (`conv2d`,
 * `conv2dFilterGrad`): a worker thread with its own XNNPACK takes half of each batch. Simulators
 * built afterwards on the wasm backend keep their state in a shared WebAssembly memory, and a
 * second worker runs half of the rows of their dense and transposed products and half of the
 * cells of their Wuxing steps on it (bit-identical to one thread). Also does what
 * `prepareBackend('wasm')` does.
 */
export function useKernelThreads(): Promise<void> {
  started ??= (async () => {
    await loadXnnpack();
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
    const t = new KernelThread(worker);
    registerKernel({ kernel: 'conv2d', backend: 'wasm', run: t.conv2d });
    registerKernel({ kernel: 'conv2dFilterGrad', backend: 'wasm', run: t.conv2dFilterGrad });
    if (sharedKernelModule() !== null) setArenaThread(await startArenaWorker(fromSource));
  })();
  return started;
}
