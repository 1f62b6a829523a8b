/**
 * Problem size (units × batch, summed over populations) from which `auto` picks the gpu
 * backend, per gpu.js mode. Measured with `npx tsx bench/gpu.ts` (see bench/README.md):
 * where the gpu mode never beat the cpu backend at any measured size, the crossover is
 * Infinity, so `auto` stays on cpu.
 */
export const CROSSOVER: Readonly<Record<string, number>> = {
  // 2-core x86 host, gpu.js 2.24.1: the webasm LIF and ODE steps were slower than the
  // cpu backend from 10^4 to 10^6 units, and so was the 64-pixel fly circuit at batch 256
  // (bench/results/gpu.json).
  webasm: Infinity,
  cpu: Infinity,
  // WebGL2 was measured only on SwiftShader (a CPU rasteriser in headless Chromium), where
  // it never beat the cpu backend either; that says nothing of a real GPU, so webgl/webgl2/
  // headlessgl stay unmeasured (Infinity below) until a machine with a GPU runs the bench.
};

/** Crossover for a mode; modes never measured on a real device stay off `auto`. */
export function crossoverFor(mode: string): number {
  return CROSSOVER[mode] ?? Infinity;
}
