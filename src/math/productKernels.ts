import type { ConvGeometry } from './im2col.js';

/** Float32 for models, float64 for gradient checks: the products accept either. */
export type Floats = Float32Array | Float64Array;

/** `matmul`: C[m×n] = op(A) · op(B), row-major, op = transpose when asked; overwrites C. */
export type MatmulKernel = (transA: boolean, transB: boolean, m: number, n: number, k: number, A: Floats, B: Floats, C: Floats) => void;

/**
 * `conv2d`: out[b][p][co] = Σ_k patch_b[p][k] · w[k][co] for `batch` HWC images of `x`;
 * weights [K][outC] with K = (ky·kernel + kx)·inC + c (HWIO). Overwrites `out`.
 */
export type Conv2dKernel = (g: ConvGeometry, x: Floats, batch: number, w: Floats, out: Floats) => void;

/** `conv2dFilterGrad`: dW[k][co] = Σ_b Σ_p patch_b[p][k] · dz[b][p][co], the filter gradient; overwrites dW. */
export type Conv2dFilterGradKernel = (g: ConvGeometry, x: Floats, dz: Floats, batch: number, dW: Floats) => void;

/**
 * `windowProduct`: G[i][j] = alpha · Σ_b x[b][i] · y[b][j] with x [batch][pre] and y
 * [batch][post] (BSP's G1 over a batch of window means, in a dense projection's layout); overwrites G.
 */
export type WindowProductKernel = (pre: number, post: number, batch: number, alpha: number, x: Floats, y: Floats, G: Floats) => void;

/**
 * `windowSum`: acc[k] += x[k] for k < acc.length (BSP's window sums), each sum rounded to float32
 * once — the same bits on every backend (a float32 sum computed in float64 and rounded is the
 * float32 sum).
 */
export type WindowSumKernel = (acc: Float32Array, x: Float32Array) => void;

/**
 * The products that layers and rules need (matmul, conv2d and its filter gradient, BSP window
 * products), as the registry kernels of one backend: the simulator hands them to model steps
 * (`StepContext.kernels`) and to rules (`view.kernels`), so a layer's forward pass and its
 * rule's gradient run on the backend the simulator runs on. Each is a registry kernel of that
 * name under `sim/backends/<backend>/`; the cpu ones are the reference.
 */
export interface ProductKernels {
  /** The backend these kernels belong to. */
  readonly backend: string;
  /** Batched matrix product (dense layers, the linear read-out). */
  readonly matmul: MatmulKernel;
  /** 2-D convolution forward pass (FF-CNN layers). */
  readonly conv2d: Conv2dKernel;
  /** Gradient of a 2-D convolution with respect to its filters. */
  readonly conv2dFilterGrad: Conv2dFilterGradKernel;
  /** Batch sum of outer products G = α Σ_b x_b y_bᵀ (BSP's G1 from window means). */
  readonly windowProduct: WindowProductKernel;
  /** acc += x in float32 (BSP's window sums; on wasm a SIMD add when both live in its memory, see `view.floats`). */
  readonly windowSum: WindowSumKernel;
}
