import { SpecError, requireFinite } from '../core/errors.js';
import type { ConnectivitySpec, DeliveryKernels, SparseSynapses } from './Connectivity.js';
import { checkWeightInit, drawWeight, type WeightInit } from './weightInit.js';

/** Options of `sparse`. */
export interface SparseOptions {
  /** Connection probability per (pre, post) pair, drawn from the projection's seeded stream. */
  p?: number;
  /** Explicit synapse list instead of p: pairs [pre, post]. */
  pairs?: readonly (readonly [number, number])[];
  /** Initial weight of each synapse (default 0). */
  weights?: WeightInit;
  /** Whether unit i may connect to itself when pre and post are one population (default true, as Brian2). */
  allowSelf?: boolean;
}

/** Random (or listed) sparse connectivity stored as CSR rows by presynaptic unit. */
export function sparse(options: SparseOptions): ConnectivitySpec {
  const { pairs } = options;
  if (pairs === undefined) {
    const p = requireFinite('sparse.p', options.p);
    if (p < 0 || p > 1) throw new SpecError('sparse.p', `must lie in [0, 1], got ${p}`);
  } else if (options.p !== undefined) {
    throw new SpecError('sparse', 'give either p or pairs, not both');
  }
  const init = options.weights ?? 0;
  checkWeightInit('sparse.weights', init);
  const allowSelf = options.allowSelf ?? true;
  return {
    kind: 'sparse',
    check(pre, post) {
      if (!pairs) return null;
      for (let k = 0; k < pairs.length; k++) {
        const [i, j] = pairs[k]!;
        if (!Number.isInteger(i) || i < 0 || i >= pre) return `pairs[${k}] pre index ${i} outside [0, ${pre})`;
        if (!Number.isInteger(j) || j < 0 || j >= post) return `pairs[${k}] post index ${j} outside [0, ${post})`;
      }
      return null;
    },
    build(pre, post, random, samePopulation): SparseSynapses {
      const rowPtr = new Int32Array(pre + 1);
      let cols: Int32Array;
      if (pairs) {
        const sorted = [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        cols = new Int32Array(sorted.length);
        sorted.forEach(([i, j], k) => {
          rowPtr[i + 1]!++;
          cols[k] = j;
        });
        for (let i = 0; i < pre; i++) rowPtr[i + 1] = rowPtr[i + 1]! + rowPtr[i]!;
      } else {
        // Geometric skips: O(synapses) draws instead of O(pre × post).
        const p = options.p!;
        let capacity = Math.max(16, Math.ceil(pre * post * p * 1.1) + 16);
        cols = new Int32Array(capacity);
        let nnz = 0;
        for (let i = 0; i < pre; i++) {
          if (p > 0) {
            let j = random.geometric(p);
            while (j < post) {
              if (allowSelf || !samePopulation || j !== i) {
                if (nnz === capacity) {
                  capacity *= 2;
                  const grown = new Int32Array(capacity);
                  grown.set(cols);
                  cols = grown;
                }
                cols[nnz++] = j;
              }
              j += 1 + random.geometric(p);
            }
          }
          rowPtr[i + 1] = nnz;
        }
        cols = cols.slice(0, nnz);
      }
      const weights = new Float32Array(cols.length);
      for (let i = 0; i < pre; i++) {
        for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) weights[k] = drawWeight(init, i, cols[k]!, random);
      }
      return { kind: 'sparse', preSize: pre, postSize: post, weights, rowPtr, cols: columnIndices(cols, post) };
    },
    describe() {
      return { kind: 'sparse', p: options.p, allowSelf };
    },
  };
}

/**
 * Column indices in the narrowest array that holds them: 16-bit when the post population has
 * at most 65,536 units (every index then fits), else 32-bit. Halves the index memory of most
 * projections: 6 bytes a synapse with a float32 weight instead of 8.
 */
export function columnIndices(cols: ArrayLike<number>, postSize: number): Int32Array | Uint16Array {
  return postSize <= 65536 ? Uint16Array.from(cols) : Int32Array.from(cols);
}

export const sparseKernels: DeliveryKernels<SparseSynapses> = {
  spikes(syn, fired, count, out, _batch) {
    const { preSize: pre, postSize: post, weights: w, rowPtr, cols } = syn;
    for (let s = 0; s < count; s++) {
      const flat = fired[s]!;
      const b = (flat / pre) | 0;
      const i = flat - b * pre;
      const o = b * post;
      const end = rowPtr[i + 1]!;
      for (let k = rowPtr[i]!; k < end; k++) {
        const j = o + cols[k]!;
        out[j] = out[j]! + w[k]!;
      }
    }
  },
  rates(syn, x, out, batch) {
    const { preSize: pre, postSize: post, weights: w, rowPtr, cols } = syn;
    for (let b = 0; b < batch; b++) {
      const xo = b * pre;
      const o = b * post;
      for (let i = 0; i < pre; i++) {
        const xi = x[xo + i]!;
        if (xi === 0) continue;
        const end = rowPtr[i + 1]!;
        for (let k = rowPtr[i]!; k < end; k++) {
          const j = o + cols[k]!;
          out[j] = out[j]! + xi * w[k]!;
        }
      }
    }
  },
};
