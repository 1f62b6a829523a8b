import { SpecError } from '../core/errors.js';
import type { ConnectivitySpec, DeliveryKernels, SparseSynapses, Synapses } from './Connectivity.js';

/**
 * Synapses that carry signals backwards along another projection: pre is the forward
 * projection's post, post its pre, and `weights` IS the forward projection's weight array,
 * so a rule that changes C changes Cᵀ with it (BSP's reversed network uses the same C).
 */
export interface TransposedSynapses extends Synapses {
  /** Always 'transposed'. */
  readonly kind: 'transposed';
  /** The forward projection's synapses, whose weights are read transposed. */
  readonly forward: Synapses;
}

/** What transposeOf reads of the forward projection (a sim/ Projection has all of it). */
export interface ForwardProjection {
  /** The forward projection's name (for errors). */
  readonly name: string;
  /** The forward projection's presynaptic population (only its size is read). */
  readonly pre: {
    /** Units in it. */
    readonly size: number;
  };
  /** The forward projection's postsynaptic population (only its size is read). */
  readonly post: {
    /** Units in it. */
    readonly size: number;
  };
  /** How the forward projection's synapses are built. */
  readonly spec: ConnectivitySpec;
  /** Its synapses once built (null or undefined until the first simulator builds them). */
  readonly built: Synapses | null | undefined;
}

/** Connect backwards along `forward` with its own weights, transposed and shared (dense, sparse or one-to-one). */
export function transposeOf(forward: ForwardProjection): ConnectivitySpec {
  return {
    kind: 'transposed',
    check(pre, post) {
      if (pre !== forward.post.size || post !== forward.pre.size) {
        return `transpose of '${forward.name}' (${forward.pre.size} → ${forward.post.size}) must run ${forward.post.size} → ${forward.pre.size}, got ${pre} → ${post}`;
      }
      if (!['dense', 'sparse', 'oneToOne'].includes(forward.spec.kind)) return `cannot transpose a '${forward.spec.kind}' projection`;
      return null;
    },
    build(pre, post): TransposedSynapses {
      if (!forward.built) {
        throw new SpecError(`transposeOf('${forward.name}')`, 'the forward projection must be connected before its transpose, so it is built first');
      }
      const fwd = forward.built;
      return { kind: 'transposed', preSize: pre, postSize: post, weights: fwd.weights, forward: fwd };
    },
    describe() {
      return { kind: 'transposed', of: forward.name };
    },
  };
}

/**
 * Delivery along Cᵀ. For dense C ([fpre][fpost]) the backward sum out[i] = Σ_j C[i][j]·x[j]
 * runs over a contiguous row, so a 2×2 register block (two batch rows × two outputs) keeps
 * four sums in registers.
 */
export const transposedKernels: DeliveryKernels<TransposedSynapses> = {
  spikes(syn, fired, count, out) {
    const f = syn.forward;
    const w = syn.weights;
    const n = syn.preSize; // forward post
    const m = syn.postSize; // forward pre
    for (let s = 0; s < count; s++) {
      const flat = fired[s]!;
      const b = (flat / n) | 0;
      const j = flat - b * n;
      const o = b * m;
      if (f.kind === 'dense') for (let i = 0; i < m; i++) out[o + i] = out[o + i]! + w[i * n + j]!;
      else if (f.kind === 'oneToOne') out[o + j] = out[o + j]! + w[j]!;
      else {
        const { rowPtr, cols } = f as SparseSynapses;
        for (let i = 0; i < m; i++) for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) if (cols[k] === j) out[o + i] = out[o + i]! + w[k]!;
      }
    }
  },
  rates(syn, x, out, batch) {
    const f = syn.forward;
    const w = syn.weights;
    const n = syn.preSize;
    const m = syn.postSize;
    if (f.kind === 'oneToOne') {
      for (let k = 0; k < n * batch; k++) out[k] = out[k]! + w[k % n]! * x[k]!;
      return;
    }
    if (f.kind === 'sparse') {
      const { rowPtr, cols } = f as SparseSynapses;
      for (let b = 0; b < batch; b++) {
        const xo = b * n;
        const o = b * m;
        for (let i = 0; i < m; i++) {
          let s = 0;
          for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) s += w[k]! * x[xo + cols[k]!]!;
          out[o + i] = out[o + i]! + s;
        }
      }
      return;
    }
    let b = 0;
    for (; b + 1 < batch; b += 2) {
      const x0 = b * n;
      const x1 = x0 + n;
      const o0 = b * m;
      const o1 = o0 + m;
      // A reversed chain at rest sends zeros: skip silent batch rows.
      const z0 = allZero(x, x0, n);
      const z1 = allZero(x, x1, n);
      if (z0 || z1) {
        if (!z0) ratesRow(w, n, m, x, x0, out, o0);
        if (!z1) ratesRow(w, n, m, x, x1, out, o1);
        continue;
      }
      let i = 0;
      for (; i + 1 < m; i += 2) {
        const r0 = i * n;
        const r1 = r0 + n;
        let s00 = 0;
        let s01 = 0;
        let s10 = 0;
        let s11 = 0;
        for (let j = 0; j < n; j++) {
          const a0 = x[x0 + j]!;
          const a1 = x[x1 + j]!;
          const c0 = w[r0 + j]!;
          const c1 = w[r1 + j]!;
          s00 += a0 * c0;
          s01 += a0 * c1;
          s10 += a1 * c0;
          s11 += a1 * c1;
        }
        out[o0 + i] = out[o0 + i]! + s00;
        out[o0 + i + 1] = out[o0 + i + 1]! + s01;
        out[o1 + i] = out[o1 + i]! + s10;
        out[o1 + i + 1] = out[o1 + i + 1]! + s11;
      }
      for (; i < m; i++) {
        const r = i * n;
        let s0 = 0;
        let s1 = 0;
        for (let j = 0; j < n; j++) {
          s0 += x[x0 + j]! * w[r + j]!;
          s1 += x[x1 + j]! * w[r + j]!;
        }
        out[o0 + i] = out[o0 + i]! + s0;
        out[o1 + i] = out[o1 + i]! + s1;
      }
    }
    for (; b < batch; b++) if (!allZero(x, b * n, n)) ratesRow(w, n, m, x, b * n, out, b * m);
  },
};

function allZero(x: Float32Array, from: number, n: number): boolean {
  for (let j = from; j < from + n; j++) if (x[j] !== 0) return false;
  return true;
}

/** One batch row: out[o + i] += Σ_j C[i][j]·x[xo + j]. */
function ratesRow(w: Float32Array, n: number, m: number, x: Float32Array, xo: number, out: Float32Array, o: number): void {
  for (let i = 0; i < m; i++) {
    const r = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += x[xo + j]! * w[r + j]!;
    out[o + i] = out[o + i]! + s;
  }
}

