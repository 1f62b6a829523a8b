import { allFinite as cpuAllFinite, type AllFiniteKernel } from '../cpu/allFinite.js';
import { arenaOf } from './arena.js';

/** `state.allFinite` in WebAssembly SIMD (assembly/allFinite.ts) for arrays in a wasm arena. */
export const wasmAllFinite: AllFiniteKernel = (a) => {
  const arena = arenaOf(a);
  if (!arena) return cpuAllFinite(a);
  return arena.kernels.allFinite(a.byteOffset, a.length) === 1;
};
