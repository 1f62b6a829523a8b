import type { WindowProductKernel } from '../../../math/productKernels.js';
import { windowProduct as cpuWindowProduct } from '../cpu/windowProduct.js';
import { matmul } from './matmul.js';
import { xnnpack } from './xnnpack.js';

/**
 * `windowProduct` (BSP's G = alpha · xᵀ·y over the batch) on the wasm backend: the wasm
 * `matmul` (XNNPACK, float32), then the scale; float64 calls, and calls before
 * `prepareBackend('wasm')`, run the cpu reference.
 */
export const windowProduct: WindowProductKernel = (pre, post, batch, alpha, x, y, G) => {
  if (!(x instanceof Float32Array && y instanceof Float32Array && G instanceof Float32Array) || !xnnpack('windowProduct')) {
    cpuWindowProduct(pre, post, batch, alpha, x, y, G);
    return;
  }
  matmul(true, false, pre, post, batch, x, y, G);
  for (let k = 0; k < pre * post; k++) G[k] = G[k]! * alpha;
};
