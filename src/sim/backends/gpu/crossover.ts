/**
 * Problem size (units × batch, summed over populations) from which `auto` picks the gpu
 * backend, per gpu.js mode. Measured with `npx tsx bench/gpu.ts` (see bench/README.md):
 * where the gpu mode never beat the cpu backend at any measured size, the crossover is
 * Infinity, so `auto` stays on cpu.
 */
export const CROSSOVER: Readonly<Record<string, number>> = {
  // 2-core x86 host, gpu.js 2.24.1: the webasm LIF and ODE steps were slower than the
  // cpu backend from 10^3 to 10^6 units (bench/results/gpu.json).
  webasm: Infinity,
  cpu: Infinity,
};

/** Crossover for a mode; modes never measured on a real device stay off `auto`. */
export function crossoverFor(mode: string): number {
  return CROSSOVER[mode] ?? Infinity;
}
