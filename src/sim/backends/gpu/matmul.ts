import type { MatmulKernel } from '../../../math/productKernels.js';
import { SpecError } from '../../../core/errors.js';
import { matmul as cpuMatmul } from '../cpu/matmul.js';
import { createKernel, type GpuKernel } from './gpuContext.js';
import { copyResult } from './productResult.js';
import { productKernel } from './productCache.js';

/** Largest operand a gpu matmul takes: GL modes index arrays in float32, exact up to 2^24. */
const MAX_ARRAY = 2 ** 24;

/**
 * `matmul` on the gpu backend: one gpu.js thread per output value (a dot product), float32;
 * float64 calls (gradient checks) go to the cpu reference. Operands are uploaded and the
 * result read back on every call.
 */
export const matmul: MatmulKernel = (transA, transB, m, n, k, A, B, C) => {
  if (!(A instanceof Float32Array) || !(B instanceof Float32Array) || !(C instanceof Float32Array)) {
    cpuMatmul(transA, transB, m, n, k, A, B, C);
    return;
  }
  for (const [what, size] of [['A', m * k], ['B', k * n], ['C', m * n]] as const) {
    if (size > MAX_ARRAY) throw new SpecError(`gpu matmul ${what}`, `${size} values: gpu product kernels index in float32, exact up to 2^24 (use the wasm or cpu backend)`);
  }
  const kern = productKernel(`mm:${+transA}${+transB}:${m}x${n}x${k}`, () => matmulKernel(transA, transB, m, n, k));
  copyResult(kern(A.subarray(0, m * k), B.subarray(0, k * n)), C, 0);
};

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
