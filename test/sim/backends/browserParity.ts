import { configureGpu, gpuMode } from '../../../src/sim/backends/gpu/gpuContext.js';
import { PARITY_CASES, compareRuns, runCase, verdict } from './parityCases.js';

/**
 * Runs in Chromium: one case of the parity table (parityCases.ts, by index) on wasm and on gpu (gpu.js picks
 * WebGL2 there, SwiftShader without a GPU), each against cpu in the same page. The wasm
 * products are not prepared here (TensorFlow.js's wasm file is not served), so they run the
 * cpu reference — still within every case's wasm bound.
 */
export default function browserParity(index: number) {
  const t0 = performance.now();
  const results = [PARITY_CASES[index]!].flatMap((c) => {
    const ref = runCase(c, 'cpu');
    const guard = c.guard(ref);
    return (['wasm', 'gpu'] as const).map((backend) => {
      configureGpu({ kernelMaps: c.kernelMaps ?? true });
      const t = performance.now();
      const got = runCase(c, backend);
      configureGpu({});
      const bound = backend === 'wasm' ? c.wasm : c.gpu32;
      const cmp = compareRuns(ref, got, bound);
      return { name: c.name, backend: got.backend, guard, failures: verdict(cmp, bound), identical: cmp.bitIdentical, largest: cmp.largest, ms: performance.now() - t };
    });
  });
  return { mode: gpuMode(), results, ms: performance.now() - t0 };
}
