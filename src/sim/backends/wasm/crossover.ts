/**
 * Problem size (units × batch, summed over populations) from which `auto` picks the wasm
 * backend over cpu. Measured with `npx tsx bench/wasm-crossover.ts` (bench/README.md): below
 * it, the per-step call into WebAssembly costs more than the SIMD loop saves.
 */
export const WASM_CROSSOVER = 1024;
