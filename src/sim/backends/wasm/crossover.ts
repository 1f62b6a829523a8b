/**
 * Problem size (units × batch, summed over populations) from which `auto` picks the wasm
 * backend over cpu. Measured with `npx tsx bench/wasm-crossover.ts` (CUBA on both backends,
 * CPU time, bench/README.md): on the 2-core machine under load, wasm was 0.8× to 2.2× the
 * speed of cpu at 250 units over two runs and 2.4–3.5× from 500 on; 1024 leaves a margin for
 * that machine's noise and for networks whose models have no wasm kernel yet.
 */
export const WASM_CROSSOVER = 1024;
