import { gemm } from './gemm.js';
import { im2col, patchSize, type ConvGeometry } from './im2col.js';

export type Floats = Float32Array | Float64Array;

/**
 * The heavy products of a locally trained layer, behind one interface so that a faster
 * implementation (WebAssembly SIMD, worker threads, a GPU) can replace the typed-array
 * reference without the layers knowing. Images are HWC; conv weights are [K][outC] with
 * K = (ky·kernel + kx)·inC + c (HWIO). Every call overwrites its output.
 */
export interface LayerKernels {
  readonly name: string;
  /** out[b][p][co] = Σ_k patch_b[p][k] · w[k][co] for `batch` images of `x`. */
  conv2d(g: ConvGeometry, x: Floats, batch: number, w: Floats, out: Floats): void;
  /** dW[k][co] = Σ_b Σ_p patch_b[p][k] · dz[b][p][co]: the filter gradient. */
  conv2dFilterGrad(g: ConvGeometry, x: Floats, dz: Floats, batch: number, dW: Floats): void;
  /** C[m×n] = op(A) · op(B), row-major, op = transpose when asked. */
  matmul(transA: boolean, transB: boolean, m: number, n: number, k: number, A: Floats, B: Floats, C: Floats): void;
}

/**
 * The reference kernels: im2col one image at a time and the typed-array GEMM; float32 or
 * float64 (gradient checks). Workspaces are kept per precision and size, so after the first
 * call of a shape nothing is allocated.
 */
export class TypedArrayKernels implements LayerKernels {
  readonly name = 'js';
  private readonly work = new Map<string, Floats>();

  private buffer(key: string, like: Floats, n: number): Floats {
    const id = `${key}:${like instanceof Float64Array ? 64 : 32}:${n}`;
    let b = this.work.get(id);
    if (!b) {
      b = like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
      this.work.set(id, b);
    }
    return b;
  }

  conv2d(g: ConvGeometry, x: Floats, batch: number, w: Floats, out: Floats): void {
    const K = patchSize(g);
    const P = g.outH * g.outW;
    const inSize = g.inH * g.inW * g.inC;
    const cols = this.buffer('cols', x, P * K);
    const z = this.buffer('z', x, P * g.outC);
    for (let b = 0; b < batch; b++) {
      im2col(g, x, b * inSize, cols);
      gemm(false, false, P, g.outC, K, 1, cols, K, w, g.outC, 0, z, g.outC);
      out.set(z, b * P * g.outC);
    }
  }

  conv2dFilterGrad(g: ConvGeometry, x: Floats, dz: Floats, batch: number, dW: Floats): void {
    const K = patchSize(g);
    const P = g.outH * g.outW;
    const inSize = g.inH * g.inW * g.inC;
    const cols = this.buffer('cols', x, P * K);
    const d = this.buffer('dz', x, P * g.outC);
    dW.fill(0);
    for (let b = 0; b < batch; b++) {
      im2col(g, x, b * inSize, cols);
      for (let i = 0; i < P * g.outC; i++) d[i] = dz[b * P * g.outC + i]!;
      gemm(true, false, K, g.outC, P, 1, cols, K, d, g.outC, 1, dW, g.outC);
    }
  }

  matmul(transA: boolean, transB: boolean, m: number, n: number, k: number, A: Floats, B: Floats, C: Floats): void {
    gemm(transA, transB, m, n, k, 1, A, transA ? m : k, B, transB ? k : n, 0, C, n);
  }
}

/** The shared reference instance. */
export const typedArrayKernels: LayerKernels = new TypedArrayKernels();
