/**
 * Runs inside headless Chromium (bench/ff-gpu.ts): the single FF products on gpu.js's
 * WebGL2 mode, which renders there on SwiftShader (a CPU rasteriser: the GL path's cost,
 * not a GPU's speed), against the cpu backend's products in the same page.
 */
import { cpuProducts } from '../src/sim/backends/cpu/referenceProducts.js';
import { gpuMode } from '../src/sim/backends/gpu/gpuContext.js';
import '../src/sim/backends/gpu/registerGpu.js';
import { productKernels } from '../src/sim/backends/products.js';
import { rendererName } from './_gpuBrowser.js';
import { timeProducts } from './_ffGpuProducts.js';

export default function ffGpuBrowser() {
  // one timed call after a warm-up: SwiftShader takes seconds per conv call
  const gpu = timeProducts(productKernels('gpu'), 1);
  const js = timeProducts(cpuProducts, 1);
  return { mode: gpuMode(), renderer: rendererName(), rows: gpu.map((g, i) => ({ name: g.name, gpu: g.ms, js: js[i]!.ms })) };
}
