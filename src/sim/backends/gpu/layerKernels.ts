import type { GPU } from 'gpu.js';
import type { ConvGeometry } from '../../../math/im2col.js';
import { patchSize } from '../../../math/im2col.js';
import { typedArrayKernels, type Floats, type LayerKernels } from '../../../math/layerKernels.js';
import { SpecError } from '../../../core/errors.js';
import { createKernel, gpu, gpuMode, type GpuKernel } from './gpuContext.js';

/**
 * Values one kernel call may produce or read per array. Conv calls are split by images to
 * stay under it; beyond 2^24, GL modes index arrays in float32 and lose exactness.
 */
const MAX_VALUES = 2 ** 22;
const MAX_ARRAY = 2 ** 24;
/** Built kernels kept per instance (one per shape and operation); the oldest is destroyed beyond. */
const CACHE = 32;
/**
 * Filter-gradient threads wanted per call: the batch is split into chunks whose partial
 * sums run in parallel (a GPU wants tens of thousands of threads; the K × outC filter
 * entries alone are a few hundred for a first layer), then added on the host.
 */
const GRAD_THREADS = 2 ** 16;

/** Copy a kernel result (a typed array, or rows / layers of rows of one) into `out` at `at`. */
function copyResult(r: unknown, out: Float32Array, at: number): number {
  if (ArrayBuffer.isView(r)) {
    out.set(r as Float32Array, at);
    return at + (r as Float32Array).length;
  }
  const rows = r as unknown[];
  // webasm and GL results are views over one contiguous array: copy it in one go when so
  const first = leaf(rows, 0);
  const last = leaf(rows, -1);
  if (first && last && first.buffer === last.buffer) {
    const total = (last.byteOffset - first.byteOffset) / 4 + last.length;
    if (total === countValues(rows)) {
      out.set(new Float32Array(first.buffer, first.byteOffset, total), at);
      return at + total;
    }
  }
  for (const row of rows) at = copyResult(row, out, at);
  return at;
}

function leaf(x: unknown, end: 0 | -1): Float32Array | null {
  while (Array.isArray(x)) x = end === 0 ? x[0] : x[x.length - 1];
  return x instanceof Float32Array ? x : null;
}

function countValues(x: unknown): number {
  if (ArrayBuffer.isView(x)) return (x as Float32Array).length;
  const rows = x as unknown[];
  return rows.length * countValues(rows[0]);
}

/**
 * `LayerKernels` as gpu.js kernels, on whatever mode gpu.js runs here (`gpuMode()`: WebGL2
 * in a browser, headless GL with the native `gl` package, else WebAssembly SIMD on the CPU).
 * One thread per output value, no im2col: a conv thread walks its output position's
 * receptive field, a filter-gradient thread sums one filter entry over a chunk of images,
 * a matmul thread one dot product. Float32 throughout; float64 calls (gradient checks) go
 * to the typed-array reference. Operands are uploaded and results read back on every call
 * (the FF rule reads every layer's output on the host each step anyway).
 */
export class GpuLayerKernels implements LayerKernels {
  private readonly kernels = new Map<string, GpuKernel>();
  private instance: GPU | null = null;
  private readonly maxValues: number;

  /** `maxValuesPerCall`: values a conv call may read or write per array before it is split by images (default 2^22). */
  constructor(options: { maxValuesPerCall?: number } = {}) {
    this.maxValues = Math.min(MAX_VALUES, options.maxValuesPerCall ?? MAX_VALUES);
  }

  /** Which kernels run: `gpu.js <mode>`. */
  get name(): string {
    return `gpu.js ${gpuMode()}`;
  }

  /** The kernel for `key`, built on the current gpu.js instance (rebuilt after `configureGpu`). */
  private kernel(key: string, make: () => GpuKernel): GpuKernel {
    const g = gpu();
    if (g !== this.instance) {
      this.release();
      this.instance = g;
    }
    let k = this.kernels.get(key);
    if (k) {
      // most recently used last, so eviction drops the oldest
      this.kernels.delete(key);
      this.kernels.set(key, k);
      return k;
    }
    k = make();
    this.kernels.set(key, k);
    if (this.kernels.size > CACHE) {
      const [oldKey, old] = this.kernels.entries().next().value as [string, GpuKernel];
      this.kernels.delete(oldKey);
      old.destroy();
    }
    return k;
  }

  /**
   * The gpu.js kernel classes the built kernels run as ('WebAssemblyKernel',
   * 'WebGL2Kernel', 'CPUKernel', …): what really executed, after any fallback.
   */
  kernelClasses(): string[] {
    const names = new Set<string>();
    for (const k of this.kernels.values()) names.add((k as unknown as { kernel?: object }).kernel?.constructor.name ?? 'unknown');
    return [...names];
  }

  /** Destroy every built kernel (their WebAssembly memory or GL programs). */
  release(): void {
    for (const k of this.kernels.values()) {
      try {
        k.destroy();
      } catch {
        // a kernel of a replaced gpu.js instance may have nothing left to free
      }
    }
    this.kernels.clear();
  }

  conv2d(g: ConvGeometry, x: Floats, batch: number, w: Floats, out: Floats): void {
    if (!(x instanceof Float32Array) || !(w instanceof Float32Array) || !(out instanceof Float32Array)) {
      typedArrayKernels.conv2d(g, x, batch, w, out);
      return;
    }
    const inN = g.inH * g.inW * g.inC;
    const outN = g.outH * g.outW * g.outC;
    const chunk = imagesPerCall(inN, outN, this.maxValues);
    const wk = w.subarray(0, patchSize(g) * g.outC);
    for (let b0 = 0; b0 < batch; b0 += chunk) {
      const n = Math.min(chunk, batch - b0);
      const k = this.kernel(`conv:${geometryKey(g)}:${n}`, () => convKernel(g, n));
      copyResult(k(x.subarray(b0 * inN, (b0 + n) * inN), wk), out, b0 * outN);
    }
  }

  conv2dFilterGrad(g: ConvGeometry, x: Floats, dz: Floats, batch: number, dW: Floats): void {
    if (!(x instanceof Float32Array) || !(dz instanceof Float32Array) || !(dW instanceof Float32Array)) {
      typedArrayKernels.conv2dFilterGrad(g, x, dz, batch, dW);
      return;
    }
    const K = patchSize(g);
    const inN = g.inH * g.inW * g.inC;
    const outN = g.outH * g.outW * g.outC;
    const chunk = imagesPerCall(inN, outN, this.maxValues);
    const entries = K * g.outC;
    dW.fill(0, 0, entries);
    for (let b0 = 0; b0 < batch; b0 += chunk) {
      const n = Math.min(chunk, batch - b0);
      // split the call's images into `groups` partial sums computed side by side
      const groups = Math.max(1, Math.min(n, Math.floor(GRAD_THREADS / entries)));
      const per = Math.ceil(n / groups);
      const k = this.kernel(`convGrad:${geometryKey(g)}:${n}:${groups}`, () => filterGradKernel(g, n, groups, per));
      const parts = this.partials(groups * entries);
      copyResult(k(x.subarray(b0 * inN, (b0 + n) * inN), dz.subarray(b0 * outN, (b0 + n) * outN)), parts, 0);
      for (let p = 0; p < groups; p++) {
        const o = p * entries;
        for (let i = 0; i < entries; i++) dW[i] = dW[i]! + parts[o + i]!;
      }
    }
  }

  private work = new Float32Array(0);

  private partials(n: number): Float32Array {
    if (this.work.length < n) this.work = new Float32Array(n);
    return this.work;
  }

  matmul(transA: boolean, transB: boolean, m: number, n: number, k: number, A: Floats, B: Floats, C: Floats): void {
    if (!(A instanceof Float32Array) || !(B instanceof Float32Array) || !(C instanceof Float32Array)) {
      typedArrayKernels.matmul(transA, transB, m, n, k, A, B, C);
      return;
    }
    for (const [what, size] of [['A', m * k], ['B', k * n], ['C', m * n]] as const) {
      if (size > MAX_ARRAY) throw new SpecError(`gpu matmul ${what}`, `${size} values: gpu layer kernels index in float32, exact up to 2^24 (use the wasm or typed-array kernels)`);
    }
    const kern = this.kernel(`mm:${+transA}${+transB}:${m}x${n}x${k}`, () => matmulKernel(transA, transB, m, n, k));
    copyResult(kern(A.subarray(0, m * k), B.subarray(0, k * n)), C, 0);
  }
}

function geometryKey(g: ConvGeometry): string {
  return `${g.inH}x${g.inW}x${g.inC}>${g.outH}x${g.outW}x${g.outC}:k${g.kernel}s${g.stride}p${g.pad}`;
}

/** Images per kernel call so that its input and output stay within `max` values each. */
function imagesPerCall(inN: number, outN: number, max: number): number {
  const n = Math.floor(max / Math.max(inN, outN));
  if (n < 1) throw new SpecError('gpu conv2d', `one image is ${Math.max(inN, outN)} values, over the ${max} a gpu layer kernel takes per call`);
  return n;
}

const geometryConstants = (g: ConvGeometry) => ({
  inH: g.inH, inW: g.inW, inC: g.inC, outH: g.outH, outW: g.outW, outC: g.outC, kernel: g.kernel, stride: g.stride, pad: g.pad,
});

/**
 * out[b][oy][ox][co] = Σ_{ky,kx,c} x[b][oy·s − pad + ky][ox·s − pad + kx][c] · w[ky][kx][c][co],
 * zero outside the image: thread (x = co, y = output position, z = image). Output channels
 * are the fastest thread axis, so neighbouring threads share the receptive field they read.
 */
function convKernel(g: ConvGeometry, batch: number): GpuKernel {
  return createKernel(
    `function (x, w) {
      const co = this.thread.x;
      const p = this.thread.y;
      const b = this.thread.z;
      const oy = Math.floor((p + 0.5) / this.constants.outW);
      const ox = p - oy * this.constants.outW;
      let sum = 0.0;
      for (let ky = 0; ky < this.constants.kernel; ky++) {
        const iy = oy * this.constants.stride - this.constants.pad + ky;
        if (iy >= 0 && iy < this.constants.inH) {
          for (let kx = 0; kx < this.constants.kernel; kx++) {
            const ix = ox * this.constants.stride - this.constants.pad + kx;
            if (ix >= 0 && ix < this.constants.inW) {
              const xo = ((b * this.constants.inH + iy) * this.constants.inW + ix) * this.constants.inC;
              const wo = (ky * this.constants.kernel + kx) * this.constants.inC * this.constants.outC + co;
              for (let c = 0; c < this.constants.inC; c++) {
                sum = sum + x[xo + c] * w[wo + c * this.constants.outC];
              }
            }
          }
        }
      }
      return sum;
    }`,
    { output: [g.outC, g.outH * g.outW, batch], constants: geometryConstants(g), loopMaxIterations: Math.max(g.kernel, g.inC) + 1 },
  );
}

/**
 * Partial filter gradients: part[q][k][co] = Σ over images b of group q, positions p of
 * patch_b[p][k] · dz[b][p][co], with k = (ky·kernel + kx)·inC + c: thread (x = co, y = k,
 * z = q). Group q holds images q·per … q·per + per − 1.
 */
function filterGradKernel(g: ConvGeometry, batch: number, groups: number, per: number): GpuKernel {
  return createKernel(
    `function (x, dz) {
      const co = this.thread.x;
      const k = this.thread.y;
      const q = this.thread.z;
      const tap = Math.floor((k + 0.5) / this.constants.inC);
      const c = k - tap * this.constants.inC;
      const ky = Math.floor((tap + 0.5) / this.constants.kernel);
      const kx = tap - ky * this.constants.kernel;
      let sum = 0.0;
      for (let j = 0; j < this.constants.per; j++) {
        const b = q * this.constants.per + j;
        if (b < this.constants.batch) {
          for (let oy = 0; oy < this.constants.outH; oy++) {
            const iy = oy * this.constants.stride - this.constants.pad + ky;
            if (iy >= 0 && iy < this.constants.inH) {
              const xRow = (b * this.constants.inH + iy) * this.constants.inW;
              const dRow = (b * this.constants.outH + oy) * this.constants.outW;
              for (let ox = 0; ox < this.constants.outW; ox++) {
                const ix = ox * this.constants.stride - this.constants.pad + kx;
                if (ix >= 0 && ix < this.constants.inW) {
                  sum = sum + x[(xRow + ix) * this.constants.inC + c] * dz[(dRow + ox) * this.constants.outC + co];
                }
              }
            }
          }
        }
      }
      return sum;
    }`,
    {
      output: [g.outC, patchSize(g), groups],
      constants: { ...geometryConstants(g), batch, per },
      loopMaxIterations: Math.max(per, g.outH, g.outW) + 1,
    },
  );
}

/** C[i][j] = Σ_p op(A)[i][p] · op(B)[p][j]: thread (x = j, y = i). */
function matmulKernel(transA: boolean, transB: boolean, m: number, n: number, k: number): GpuKernel {
  const a = transA ? 'A[p * this.constants.m + i]' : 'A[i * this.constants.k + p]';
  const b = transB ? 'B[j * this.constants.k + p]' : 'B[p * this.constants.n + j]';
  return createKernel(
    `function (A, B) {
      const i = this.thread.y;
      const j = this.thread.x;
      let sum = 0.0;
      for (let p = 0; p < this.constants.k; p++) {
        sum = sum + ${a} * ${b};
      }
      return sum;
    }`,
    { output: [n, m], constants: { m, n, k }, loopMaxIterations: k + 1 },
  );
}

let shared: GpuLayerKernels | null = null;

/** The shared gpu.js layer kernels (the gpu backend's FF steps use them too). */
export function gpuLayerKernels(): GpuLayerKernels {
  shared ??= new GpuLayerKernels();
  return shared;
}
