// The WebAssembly kernels of the wasm backend (src/sim/backends/wasm/), one file each.
// Built by scripts/build-wasm.mjs; memory is imported, so each simulator brings its own.
export { lifStep, lifStepFinite } from './lifStep';
export { allFinite } from './allFinite';
export { resuStep } from './resuStep';
export { sparseRates } from './sparseRates';
export { wuxingStep, wuxingAtRest } from './wuxingStep';
export { rowsTimesTransposed, sameBits, allZero, addInto, transpose } from './denseProducts';
export { gradedGroup } from './gradedGroup';
