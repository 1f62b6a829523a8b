/**
 * Problem size (units × batch, summed over populations) from which `auto` picks the wasm
 * backend over cpu. Measured with `npx tsx bench/wasm-crossover.ts` (CPU time, bench/README.md),
 * on the 2-core machine under load (1-minute load 33–36):
 * - CUBA on both backends: wasm 0.8× to 2.2× the speed of cpu at 250 units over three runs,
 *   2.4–3.5× from 500 on;
 * - the products (a dense layer's forward matmul, batch 50): even at 8 units (400 unit-samples),
 *   3.4× at 16 (800), 10–25× from 32 (1,600) on (XNNPACK, once `prepareBackend('wasm')` ran).
 * 1024 leaves a margin for that machine's noise and for networks whose models have no wasm
 * kernel yet (they run the cpu kernels on the wasm backend at the cpu's speed).
 */
export const WASM_CROSSOVER = 1024;
