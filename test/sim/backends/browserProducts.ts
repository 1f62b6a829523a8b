import { gpuMode, gpuProductClasses, productKernels } from '../../../src/index.js';
import { kernelErrors } from './ffGpu.js';

/**
 * Runs in Chromium (WebGL2 on SwiftShader): the gpu backend's product kernels (conv, filter
 * gradient, matmul) against float64. FF training on the gpu backend is in the parity table.
 */
export default function browserProducts() {
  const t0 = performance.now();
  const kernels = kernelErrors(productKernels('gpu'));
  return { mode: gpuMode(), classes: gpuProductClasses(), kernels, ms: performance.now() - t0 };
}
