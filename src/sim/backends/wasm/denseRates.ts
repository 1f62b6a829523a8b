import type { DeliveryKernels, DenseSynapses, Synapses } from '../../../synapses/Connectivity.js';
import { denseKernels } from '../../../synapses/dense.js';
import { transposedKernels, type TransposedSynapses } from '../../../synapses/transposeOf.js';
import { arenaOf, type WasmArena } from './arena.js';
import { sameFloatBits, STALE_CHECK_EVERY } from '../../hostEdits.js';

/**
 * A graded dense projection's arrays in an arena: two weight copies (the one the stored
 * product and the transpose were made from, and this call's), the weights transposed
 * ([post][pre], so each output is a dot product over contiguous rows), the last input and
 * its product.
 */
interface DenseMirror {
  weights: [Float32Array, Float32Array];
  /** Which of `weights` made `y` and `wt`. */
  used: 0 | 1;
  wt: Float32Array;
  x: Float32Array;
  y: Float32Array;
  valid: boolean;
  /** `hostEdits.count` when `weights[used]` was last compared with the host's weights (-1: never). */
  copied: number;
  /** Calls since then (every STALE_CHECK_EVERY-th compares again). */
  calls: number;
}

/** A transposed projection's arrays in an arena: the weights (as of `copied`) and the product. */
interface TransposedMirror {
  weights: Float32Array;
  y: Float32Array;
  copied: number;
  calls: number;
}

const align = (bytes: number) => Math.ceil(bytes / 16) * 16;

/**
 * Products of fewer multiply-adds a call (pre × post × batch) stay on the cpu kernel, exact:
 * there the call and copy overhead is the cost, not the sums (a 64 × 64 projection at batch 8
 * is the smallest that goes to float32 SIMD). Small networks, the parity table's included,
 * keep bit-identical deliveries on wasm.
 */
export const F32_PRODUCT_MIN_MACS = 32768;

/** Whether a graded projection's product runs in the float32 SIMD kernels. */
function simdProduct(syn: Synapses, batch: number): boolean {
  return syn.preSize * syn.postSize * batch >= F32_PRODUCT_MIN_MACS;
}

/**
 * Bytes the wasm backend keeps for a graded, undelayed dense projection (two weight copies,
 * the transpose, its input and its product for `batch` rows) or for the transpose of a dense one (a weight
 * copy and the product); 0 for anything else.
 */
export function denseMirrorBytes(syn: Synapses, graded: boolean, delay: number, batch: number): number {
  if (!graded || delay !== 0 || !simdProduct(syn, batch)) return 0;
  const w = align(syn.weights.length * 4);
  if (syn.kind === 'dense') return 3 * w + align(syn.preSize * batch * 4) + align(syn.postSize * batch * 4);
  if (syn.kind === 'transposed' && (syn as TransposedSynapses).forward.kind === 'dense') return w + align(syn.postSize * batch * 4);
  return 0;
}

/** Y = X·Wᵀ on the arena's kernels: split with its second thread where it has one. */
function rowsTimesTransposed(arena: WasmArena, X: number, W: number, Y: number, m: number, n: number, kd: number): void {
  if (arena.thread) arena.thread.rowsTimesTransposed(arena, X, W, Y, m, n, kd);
  else arena.kernels.rowsTimesTransposed(X, W, Y, m, n, kd);
}

const denseMirrors = new WeakMap<WasmArena, Map<Synapses, DenseMirror | null>>();
const transposedMirrors = new WeakMap<WasmArena, Map<Synapses, TransposedMirror | null>>();

/** The mirror of `syn` in `arena`, made on first use; null when the arena has no room (its cpu kernel runs). */
function mirrorOf<M>(maps: WeakMap<WasmArena, Map<Synapses, M | null>>, arena: WasmArena, syn: Synapses, make: () => M): M | null {
  let m = maps.get(arena);
  if (!m) maps.set(arena, (m = new Map()));
  let found = m.get(syn);
  if (found !== undefined) return found;
  try {
    found = make();
  } catch (e) {
    // The arena was sized without room for this projection (see BackendConfig.synapseBytes).
    if (!(e instanceof RangeError)) throw e;
    found = null;
  }
  m.set(syn, found);
  return found;
}

/**
 * Dense graded delivery on the wasm backend: Y = X·W as X·(Wᵀ)ᵀ by assembly/denseProducts.ts
 * (float32 SIMD dot products over contiguous rows of the transposed weights: 1.6× the speed
 * of the strided X·W kernel at 50 × 300 × 300), added to the target. The weights are copied
 * into the arena when the simulator's `hostEdits` moved (a rule that may write weights ran, a
 * run began, a callback ran; every call in an arena without it), and every STALE_CHECK_EVERY
 * calls in between, where a difference is an error (`HostEdits.stale`); they are transposed
 * again only when they changed bit for bit. As on cpu, a product is reused while both the input and
 * the weights repeat (a stimulus held over a window): two SIMD comparisons instead of the
 * product. float32 sums: within the bound of
 * test/sim/backends/wasmDenseRates.test.ts of the cpu kernel, not bit-identical.
 * Spikes, products under F32_PRODUCT_MIN_MACS, and inputs or targets outside the arena
 * take the cpu kernel.
 */
export const wasmDenseKernels: DeliveryKernels<DenseSynapses> = {
  spikes: denseKernels.spikes,
  rates(syn, x, out, batch) {
    const arena = arenaOf(out);
    const { preSize: pre, postSize: post } = syn;
    const m =
      arena !== undefined && arenaOf(x) === arena && simdProduct(syn, batch)
        ? mirrorOf(denseMirrors, arena, syn, () => ({
            weights: [arena.f32(syn.weights.length), arena.f32(syn.weights.length)] as [Float32Array, Float32Array],
            used: 0 as 0 | 1,
            wt: arena.f32(syn.weights.length),
            x: arena.f32(pre * batch),
            y: arena.f32(post * batch),
            valid: false,
            copied: -1,
            calls: 0,
          }))
        : null;
    if (m === null || m.x.length !== pre * batch) {
      denseKernels.rates(syn, x, out, batch);
      return;
    }
    const k = arena!.kernels;
    const n = pre * batch;
    const edits = arena!.hostEdits;
    let sameWeights = true;
    // While no rule or callback may have written weights, the copy stands (spot-checked).
    if (edits === undefined || !m.valid || m.copied !== edits.count || (++m.calls & (STALE_CHECK_EVERY - 1)) === 0) {
      const next = m.used === 0 ? 1 : 0;
      const w = m.weights[next];
      w.set(syn.weights);
      sameWeights = m.valid && k.sameBits(w.byteOffset, m.weights[m.used].byteOffset, w.length) === 1;
      if (!sameWeights && edits !== undefined && m.valid && m.copied === edits.count) throw edits.stale(`the weights of a dense projection (${pre} → ${post})`);
      m.copied = edits?.count ?? -1;
      m.calls = 0;
      if (!sameWeights) {
        k.transpose(w.byteOffset, m.wt.byteOffset, pre, post);
        m.used = next;
      }
    }
    if (sameWeights && k.sameBits(x.byteOffset, m.x.byteOffset, n) === 1) {
      k.addInto(out.byteOffset, m.y.byteOffset, post * batch);
      return;
    }
    rowsTimesTransposed(arena!, x.byteOffset, m.wt.byteOffset, m.y.byteOffset, batch, post, pre);
    k.addInto(out.byteOffset, m.y.byteOffset, post * batch);
    m.x.set(x.subarray(0, n));
    m.valid = true;
  },
};

/**
 * Delivery along a dense projection's transpose (Y = X·Wᵀ, BSP's backward chain) on the wasm
 * backend: assembly/denseProducts.ts, float32 SIMD dot products over the weight rows (copied
 * and spot-checked as for the dense kernel). An
 * input that is all zero (a reversed chain at rest) adds nothing and costs one scan, as the
 * cpu kernel skips silent rows. Sparse or one-to-one forward projections, products under
 * F32_PRODUCT_MIN_MACS, and inputs or targets outside the arena take the cpu kernel.
 */
export const wasmTransposedKernels: DeliveryKernels<TransposedSynapses> = {
  spikes: transposedKernels.spikes,
  rates(syn, x, out, batch) {
    const arena = arenaOf(out);
    const { preSize: n, postSize: mOut } = syn;
    const m =
      arena !== undefined && arenaOf(x) === arena && syn.forward.kind === 'dense' && simdProduct(syn, batch)
        ? mirrorOf(transposedMirrors, arena, syn, () => ({ weights: arena.f32(syn.weights.length), y: arena.f32(mOut * batch), copied: -1, calls: 0 }))
        : null;
    if (m === null || m.y.length !== mOut * batch) {
      transposedKernels.rates(syn, x, out, batch);
      return;
    }
    const k = arena!.kernels;
    if (k.allZero(x.byteOffset, n * batch) === 1) return;
    const edits = arena!.hostEdits;
    if (edits === undefined || m.copied !== edits.count) {
      m.weights.set(syn.weights);
      m.copied = edits?.count ?? -1;
      m.calls = 0;
    } else if ((++m.calls & (STALE_CHECK_EVERY - 1)) === 0 && !sameFloatBits(m.weights, syn.weights)) {
      throw edits.stale(`the weights of a dense projection read transposed (${mOut} → ${n})`);
    }
    rowsTimesTransposed(arena!, x.byteOffset, m.weights.byteOffset, m.y.byteOffset, batch, mOut, n);
    k.addInto(out.byteOffset, m.y.byteOffset, mOut * batch);
  },
};
