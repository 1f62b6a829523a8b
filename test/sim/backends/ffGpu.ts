/**
 * Shared by the Node test (ffGpu.test.ts, gpu.js in webasm and cpu modes) and the browser
 * test (WebGL2 in Chromium): the gpu backend's product kernels against float64 and the cpu reference.
 */
import { convOutSize, type ConvGeometry } from '../../../src/math/im2col.js';
import type { ProductKernels } from '../../../src/math/productKernels.js';
import { cpuProducts } from '../../../src/sim/backends/cpu/referenceProducts.js';
import { gpuConv2d } from '../../../src/sim/backends/gpu/conv2d.js';
import { gpuConv2dFilterGrad } from '../../../src/sim/backends/gpu/conv2dFilterGrad.js';
import { releaseGpuProducts } from '../../../src/sim/backends/gpu/productCache.js';
import { productKernels } from '../../../src/sim/backends/products.js';
import { SeededRandom } from '../../../src/core/random.js';

/** Largest |a − ref| over the largest |ref|: float32 rounding, independent of the values' scale. */
export function relError(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  let scale = 0;
  let e = 0;
  for (let i = 0; i < ref.length; i++) {
    scale = Math.max(scale, Math.abs(ref[i]!));
    e = Math.max(e, Math.abs(a[i]! - ref[i]!));
  }
  return e / scale;
}

/** [inH, inW, inC, outC, kernel, stride, pad]: stride 1 and 2, pad 0–2, 1–5 input channels, a non-square image. */
export const CONV_CASES = [
  [12, 12, 3, 5, 5, 1, 2],
  [11, 11, 2, 4, 3, 2, 1],
  [9, 9, 1, 8, 3, 1, 0],
  [10, 7, 4, 6, 3, 2, 0],
  [8, 8, 5, 16, 5, 2, 2],
] as const;

export interface KernelErrors {
  /** Per conv case: forward and filter-gradient error of gpu.js and of the float32 reference, both against float64. */
  conv: { gpuForward: number; gpuGrad: number; jsForward: number; jsGrad: number }[];
  /** Per transpose pair and a dense-layer shape: gpu.js against float64. */
  matmul: { gpu: number; js: number }[];
  /** Conv split into calls of a few images (small `maxValuesPerCall`) against the unsplit gpu.js result. */
  chunked: { forward: number; grad: number };
}

/** Run a backend's product kernels (default the gpu backend's) and the float32 cpu reference against float64. */
export function kernelErrors(k: ProductKernels = productKernels('gpu')): KernelErrors {
  const r = new SeededRandom(21);
  const f64 = cpuProducts;
  const typedArrayKernels = cpuProducts;
  const conv: KernelErrors['conv'] = [];
  let chunked = { forward: 0, grad: 0 };
  for (const [inH, inW, inC, outC, kernel, stride, pad] of CONV_CASES) {
    const g: ConvGeometry = { inH, inW, inC, outC, kernel, stride, pad, outH: convOutSize(inH, kernel, stride, pad), outW: convOutSize(inW, kernel, stride, pad) };
    const batch = 7;
    const x = r.fillUniform(new Float32Array(batch * inH * inW * inC));
    const w = r.fillNormal(new Float32Array(kernel * kernel * inC * outC));
    const n = batch * g.outH * g.outW * outC;
    const dz = r.fillNormal(new Float32Array(n));
    const exact = new Float64Array(n);
    f64.conv2d(g, Float64Array.from(x), batch, Float64Array.from(w), exact);
    const exactGrad = new Float64Array(w.length);
    f64.conv2dFilterGrad(g, Float64Array.from(x), Float64Array.from(dz), batch, exactGrad);
    const [out, ref] = [new Float32Array(n), new Float32Array(n)];
    k.conv2d(g, x, batch, w, out);
    typedArrayKernels.conv2d(g, x, batch, w, ref);
    const [dW, dRef] = [new Float32Array(w.length), new Float32Array(w.length)];
    k.conv2dFilterGrad(g, x, dz, batch, dW);
    typedArrayKernels.conv2dFilterGrad(g, x, dz, batch, dRef);
    conv.push({ gpuForward: relError(out, exact), gpuGrad: relError(dW, exactGrad), jsForward: relError(ref, exact), jsGrad: relError(dRef, exactGrad) });
    if (inC === 2) {
      // two images per call: the split path must give the same sums as one call
      const max = 2 * inH * inW * inC;
      const [o2, d2] = [new Float32Array(n), new Float32Array(w.length)];
      gpuConv2d(max)(g, x, batch, w, o2);
      gpuConv2dFilterGrad(max)(g, x, dz, batch, d2);
      chunked = { forward: relError(o2, out), grad: relError(d2, dW) };
      releaseGpuProducts();
    }
  }
  const matmul: KernelErrors['matmul'] = [];
  const shapes = [[false, false, 9, 7, 11], [true, false, 9, 7, 11], [false, true, 9, 7, 11], [true, true, 9, 7, 11], [false, false, 30, 40, 64], [true, false, 64, 40, 30]] as const;
  for (const [tA, tB, m, nn, kk] of shapes) {
    const A = r.fillNormal(new Float32Array(m * kk));
    const B = r.fillNormal(new Float32Array(kk * nn));
    const exact = new Float64Array(m * nn);
    f64.matmul(tA, tB, m, nn, kk, Float64Array.from(A), Float64Array.from(B), exact);
    const [C, ref] = [new Float32Array(m * nn), new Float32Array(m * nn)];
    k.matmul(tA, tB, m, nn, kk, A, B, C);
    typedArrayKernels.matmul(tA, tB, m, nn, kk, A, B, ref);
    matmul.push({ gpu: relError(C, exact), js: relError(ref, exact) });
  }
  return { conv, matmul, chunked };
}
