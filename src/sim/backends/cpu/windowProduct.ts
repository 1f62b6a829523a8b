import { gemm } from '../../../math/gemm.js';
import type { WindowProductKernel } from '../../../math/productKernels.js';

/** `windowProduct` on the cpu backend (the reference): G = alpha · xᵀ·y by the typed-array GEMM. */
export const windowProduct: WindowProductKernel = (pre, post, batch, alpha, x, y, G) => {
  gemm(true, false, pre, post, batch, alpha, x, pre, y, post, 0, G, post);
};
