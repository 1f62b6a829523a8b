import type { WindowProductKernel } from '../../../math/productKernels.js';
import { matmul } from './matmul.js';

/** `windowProduct` on the gpu backend: xᵀ·y as the gpu matmul, then scaled by alpha on the host. */
export const windowProduct: WindowProductKernel = (pre, post, batch, alpha, x, y, G) => {
  matmul(true, false, pre, post, batch, x, y, G);
  for (let k = 0; k < pre * post; k++) G[k] = G[k]! * alpha;
};
