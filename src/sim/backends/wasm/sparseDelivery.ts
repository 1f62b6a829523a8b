import type { DeliveryKernels, SparseSynapses } from '../../../synapses/Connectivity.js';
import { sparseKernels } from '../../../synapses/sparse.js';
import { arenaOf } from './arena.js';
import { csrMirror } from './csrMirror.js';

/**
 * Sparse delivery on the wasm backend, one projection at a time (populations whose incoming
 * projections are all graded and undelayed get `graded.group` instead: one call for all of
 * them). Graded (`rates`): assembly/sparseRates.ts on a copy of the CSR arrays in the
 * simulator's WebAssembly memory — structure copied once, weights before every call, since
 * rules change them in place — bit-identical to the cpu kernel. Needs the rates and the target
 * in the same arena (a delayed projection reads its rates from a JS ring: cpu kernel).
 * Spikes: the cpu kernel (event-driven, it touches only the fired rows; < 1 % of CUBA).
 */
export const wasmSparseKernels: DeliveryKernels<SparseSynapses> = {
  spikes: sparseKernels.spikes,
  rates(syn, x, out, batch) {
    const arena = arenaOf(out);
    const m = arena !== undefined && arenaOf(x) === arena ? csrMirror(arena, syn) : null;
    if (m === null) {
      sparseKernels.rates(syn, x, out, batch);
      return;
    }
    m.weights.set(syn.weights);
    arena!.kernels.sparseRates(m.rowPtr.byteOffset, m.cols.byteOffset, m.cols instanceof Uint16Array ? 1 : 0, m.weights.byteOffset, x.byteOffset, out.byteOffset, syn.preSize, syn.postSize, batch);
  },
};
