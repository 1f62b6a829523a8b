import { gemm } from '../../../math/gemm.js';
import type { MatmulKernel } from '../../../math/productKernels.js';

/** `matmul` on the cpu backend (the reference): the typed-array GEMM, float32 or float64. */
export const matmul: MatmulKernel = (transA, transB, m, n, k, A, B, C) => {
  gemm(transA, transB, m, n, k, 1, A, transA ? m : k, B, transB ? k : n, 0, C, n);
};
