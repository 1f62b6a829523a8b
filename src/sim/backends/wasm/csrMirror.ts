import type { SparseSynapses, Synapses } from '../../../synapses/Connectivity.js';
import type { WasmArena } from './arena.js';

/**
 * A projection's synapses as CSR arrays in an arena: the structure copied once, the weights
 * copied by the kernels that use them (rules change them in place). One-to-one synapses
 * become rows of one synapse each (row i → column i).
 */
export interface CsrMirror {
  readonly rowPtr: Int32Array;
  readonly cols: Int32Array | Uint16Array;
  readonly weights: Float32Array;
}

const mirrors = new WeakMap<WasmArena, Map<Synapses, CsrMirror | null>>();

const align = (bytes: number) => Math.ceil(bytes / 16) * 16;
const narrow = (post: number) => post <= 65536;

/** Whether `csrMirror` takes these synapses (sparse or one-to-one). */
export function mirrorsAsCsr(syn: Synapses): boolean {
  return syn.kind === 'sparse' || syn.kind === 'oneToOne';
}

/** Bytes of the arena views `csrMirror` takes for these synapses (each 16-byte aligned); 0 for other kinds. */
export function csrMirrorBytes(syn: Synapses): number {
  if (syn.kind === 'sparse') {
    const s = syn as SparseSynapses;
    return align(s.rowPtr.byteLength) + align(s.cols.byteLength) + align(s.weights.byteLength);
  }
  if (syn.kind === 'oneToOne') {
    const n = syn.preSize;
    return align((n + 1) * 4) + align(n * (narrow(n) ? 2 : 4)) + align(n * 4);
  }
  return 0;
}

/** The arena's mirror of `syn` (made on first use), or null when the arena has no room left (then the cpu kernel runs). */
export function csrMirror(arena: WasmArena, syn: Synapses): CsrMirror | null {
  let m = mirrors.get(arena);
  if (!m) mirrors.set(arena, (m = new Map()));
  let found = m.get(syn);
  if (found !== undefined) return found;
  try {
    found = syn.kind === 'sparse' ? copySparse(arena, syn as SparseSynapses) : oneToOneRows(arena, syn);
  } catch (e) {
    // The arena was sized without room for this projection (see BackendConfig.synapseBytes).
    if (!(e instanceof RangeError)) throw e;
    found = null;
  }
  m.set(syn, found);
  return found;
}

function columns(arena: WasmArena, length: number, narrowColumns: boolean): Int32Array | Uint16Array {
  return narrowColumns ? new Uint16Array(arena.memory.buffer, arena.i32(Math.ceil(length / 2)).byteOffset, length) : arena.i32(length);
}

function copySparse(arena: WasmArena, syn: SparseSynapses): CsrMirror {
  const rowPtr = arena.i32(syn.rowPtr.length);
  rowPtr.set(syn.rowPtr);
  const cols = columns(arena, syn.cols.length, syn.cols instanceof Uint16Array);
  cols.set(syn.cols);
  return { rowPtr, cols, weights: arena.f32(syn.weights.length) };
}

function oneToOneRows(arena: WasmArena, syn: Synapses): CsrMirror {
  const n = syn.preSize;
  const rowPtr = arena.i32(n + 1);
  const cols = columns(arena, n, narrow(n));
  for (let i = 0; i <= n; i++) rowPtr[i] = i;
  for (let i = 0; i < n; i++) cols[i] = i;
  return { rowPtr, cols, weights: arena.f32(n) };
}
