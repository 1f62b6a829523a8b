import type { DeliveryKernels, SparseSynapses, Synapses } from '../../../synapses/Connectivity.js';
import { sparseKernels } from '../../../synapses/sparse.js';
import { arenaOf, type WasmArena } from './arena.js';

/** A projection's CSR arrays copied into an arena: the structure once, the weights before every call. */
interface SparseMirror {
  rowPtr: Int32Array;
  cols: Int32Array | Uint16Array;
  weights: Float32Array;
}

const mirrors = new WeakMap<WasmArena, Map<SparseSynapses, SparseMirror | null>>();

/** Bytes of the arena views `mirror` takes for these synapses (each 16-byte aligned). */
export function sparseMirrorBytes(syn: SparseSynapses): number {
  const align = (b: number) => Math.ceil(b / 16) * 16;
  return align(syn.rowPtr.byteLength) + align(syn.cols.byteLength) + align(syn.weights.byteLength);
}

function mirror(arena: WasmArena, syn: SparseSynapses): SparseMirror | null {
  let m = mirrors.get(arena);
  if (!m) mirrors.set(arena, (m = new Map()));
  let found = m.get(syn);
  if (found !== undefined) return found;
  try {
    const rowPtr = arena.i32(syn.rowPtr.length);
    rowPtr.set(syn.rowPtr);
    const cols = syn.cols instanceof Uint16Array ? new Uint16Array(arena.memory.buffer, arena.i32(Math.ceil(syn.cols.length / 2)).byteOffset, syn.cols.length) : arena.i32(syn.cols.length);
    cols.set(syn.cols);
    found = { rowPtr, cols, weights: arena.f32(syn.weights.length) };
  } catch (e) {
    // The arena was sized without room for this projection (see BackendConfig.synapseBytes): stay on the cpu kernel.
    if (!(e instanceof RangeError)) throw e;
    found = null;
  }
  m.set(syn, found);
  return found;
}

/**
 * Sparse delivery on the wasm backend. Graded (`rates`): assembly/sparseRates.ts on a copy of
 * the CSR arrays in the simulator's WebAssembly memory — structure copied once, weights
 * before every call, since rules change them in place (a memcpy, cheaper than the
 * multiply-adds it feeds) — bit-identical to the cpu kernel. Needs the rates and the target
 * in the same arena (a delayed projection reads its rates from a JS ring: cpu kernel).
 * Spikes: the cpu kernel (event-driven, it touches only the fired rows; < 1 % of CUBA).
 */
export const wasmSparseKernels: DeliveryKernels<SparseSynapses> = {
  spikes: sparseKernels.spikes,
  rates(syn, x, out, batch) {
    const arena = arenaOf(out);
    const m = arena !== undefined && arenaOf(x) === arena ? mirror(arena, syn) : null;
    if (m === null) {
      sparseKernels.rates(syn, x, out, batch);
      return;
    }
    m.weights.set(syn.weights);
    arena!.kernels.sparseRates(m.rowPtr.byteOffset, m.cols.byteOffset, m.cols instanceof Uint16Array ? 1 : 0, m.weights.byteOffset, x.byteOffset, out.byteOffset, syn.preSize, syn.postSize, batch);
  },
};

/** What the wasm backend keeps in its memory for a projection: the CSR mirror of graded, undelayed sparse projections. */
export function wasmSynapseBytes(syn: Synapses, graded: boolean, delay: number): number {
  return syn.kind === 'sparse' && graded && delay === 0 ? sparseMirrorBytes(syn as SparseSynapses) : 0;
}
