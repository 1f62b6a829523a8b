import { SpecError } from '../sim/errors.js';
import type { ConnectivitySpec, DeliveryKernels, DenseSynapses } from './Connectivity.js';
import { checkWeightInit, drawWeight, type WeightInit } from './weightInit.js';

export interface DenseOptions {
  /** Initial weights: a WeightInit, or explicit values laid out [pre][post]. */
  weights?: WeightInit | Float32Array | readonly number[];
}

/** All-to-all connectivity, weights stored [pre][post] so a presynaptic event touches one row. */
export function dense(options: DenseOptions = {}): ConnectivitySpec {
  const init = options.weights ?? 0;
  const explicit = ArrayBuffer.isView(init) || Array.isArray(init);
  if (!explicit) checkWeightInit('dense.weights', init as WeightInit);
  return {
    kind: 'dense',
    check(pre, post) {
      if (explicit && (init as ArrayLike<number>).length !== pre * post) {
        return `dense weights have ${(init as ArrayLike<number>).length} values, expected pre × post = ${pre} × ${post} = ${pre * post}`;
      }
      return null;
    },
    build(pre, post, random): DenseSynapses {
      const weights = new Float32Array(pre * post);
      if (explicit) {
        const src = init as ArrayLike<number>;
        for (let k = 0; k < weights.length; k++) {
          const w = src[k]!;
          if (!Number.isFinite(w)) throw new SpecError(`dense.weights[${k}]`, `not finite: ${w}`);
          weights[k] = w;
        }
      } else {
        for (let i = 0; i < pre; i++) {
          for (let j = 0; j < post; j++) weights[i * post + j] = drawWeight(init as WeightInit, i, j, random);
        }
      }
      return { kind: 'dense', preSize: pre, postSize: post, weights };
    },
    describe() {
      return { kind: 'dense' };
    },
  };
}

export const denseKernels: DeliveryKernels<DenseSynapses> = {
  spikes(syn, fired, count, out, _batch) {
    const { preSize: pre, postSize: post, weights: w } = syn;
    for (let s = 0; s < count; s++) {
      const flat = fired[s]!;
      const b = (flat / pre) | 0;
      const row = (flat - b * pre) * post;
      const o = b * post;
      for (let j = 0; j < post; j++) out[o + j] = out[o + j]! + w[row + j]!;
    }
  },
  rates(syn, x, out, batch) {
    const { preSize: pre, postSize: post, weights: w } = syn;
    for (let b = 0; b < batch; b++) {
      const xo = b * pre;
      const o = b * post;
      for (let i = 0; i < pre; i++) {
        const xi = x[xo + i]!;
        if (xi === 0) continue;
        const row = i * post;
        for (let j = 0; j < post; j++) out[o + j] = out[o + j]! + xi * w[row + j]!;
      }
    }
  },
};
