import { KERNELS_WASM_BASE64, SHARED_KERNELS_WASM_BASE64 } from './generated/kernelsWasm.js';

/** The exports of assembly/index.ts; pointers are byte offsets into the imported memory. */
export interface KernelExports {
  lifStep(v: number, ref: number, I: number, g1: number, g2: number, extra: number, n: number, coef: number, refSteps: number, fired: number, flush: number): number;
  lifStepFinite(): number;
  allFinite(a: number, n: number): number;
  sparseRates(rowPtr: number, cols: number, narrow: number, w: number, x: number, out: number, pre: number, post: number, batch: number): void;
  wuxingStep(F0: number, F1: number, F2: number, F3: number, F4: number, D: number, I: number, gate: number, table: number, stride: number, u0: number, cells: number, size: number, batch: number, dt: number, mode: number, lo: number, jIn: number, jOut: number): void;
  wuxingAtRest(F0: number, F1: number, F2: number, F3: number, F4: number, D: number, I: number, rest: number, dRest: number, u0: number, cells: number, size: number, batch: number): number;
  rowsTimesTransposed(X: number, W: number, Y: number, m: number, n: number, kd: number): void;
  sameBits(a: number, b: number, n: number): number;
  allZero(a: number, n: number): number;
  addInto(out: number, y: number, n: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  gradedGroup(plan: number, count: number, clear: number, nClear: number, batch: number): void;
  resuStep(lag: number, n: number, C: number, m: number, k: number, nOut: number, wp: number, negBias: number, theta: number, ptrs: number): void;
}

let compiled: WebAssembly.Module | null | undefined;
let compiledShared: WebAssembly.Module | null | undefined;

function compile(base64: string): WebAssembly.Module | null {
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return new WebAssembly.Module(bytes);
  } catch {
    return null;
  }
}

/**
 * The kernels' module, compiled once (synchronously: it is a few KiB, far under what browsers allow
 * on the main thread); null where WebAssembly or its SIMD extension is missing.
 */
export function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = compile(KERNELS_WASM_BASE64);
  return compiled;
}

/** The same kernels built to import a shared memory (worker threads); null where shared memories are missing. */
export function sharedKernelModule(): WebAssembly.Module | null {
  if (compiledShared === undefined) compiledShared = compile(SHARED_KERNELS_WASM_BASE64);
  return compiledShared;
}

/** Instantiate the kernels over a memory of their own (shared or not: the module that imports it so). */
export function instantiateKernels(memory: WebAssembly.Memory): KernelExports {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const module = shared ? sharedKernelModule() : kernelModule();
  if (!module) throw new Error(shared ? 'WebAssembly shared memories are not available here' : 'WebAssembly SIMD is not available here');
  return new WebAssembly.Instance(module, { env: { memory, abort: () => {} } }).exports as unknown as KernelExports;
}
