/**
 * Runs inside headless Chromium (bench/ff-gpu.ts): the single FF products on gpu.js's
 * WebGL2 mode, which renders there on SwiftShader (a CPU rasteriser: the GL path's cost,
 * not a GPU's speed), against the typed-array kernels in the same page.
 */
import { typedArrayKernels } from '../src/math/layerKernels.js';
import { gpuMode } from '../src/sim/backends/gpu/gpuContext.js';
import { gpuLayerKernels } from '../src/sim/backends/gpu/layerKernels.js';
import { rendererName } from './_gpuBrowser.js';
import { timeProducts } from './_ffGpuProducts.js';

export default function ffGpuBrowser() {
  // one timed call after a warm-up: SwiftShader takes seconds per conv call
  const gpu = timeProducts(gpuLayerKernels(), 1);
  const js = timeProducts(typedArrayKernels, 1);
  return { mode: gpuMode(), renderer: rendererName(), rows: gpu.map((g, i) => ({ name: g.name, gpu: g.ms, js: js[i]!.ms })) };
}
