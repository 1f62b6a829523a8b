import { SpecError } from '../core/errors.js';
import type { ConnectivitySpec, DeliveryKernels, OneToOneSynapses } from './Connectivity.js';
import { checkWeightInit, drawWeight, type WeightInit } from './weightInit.js';

/** Options of `oneToOne`. */
export interface OneToOneOptions {
  /** Weight of each unit's single synapse (default 1), or one value per unit. */
  weights?: WeightInit | Float32Array | readonly number[];
}

/** Unit i of pre drives unit i of post; pre and post must have the same size. */
export function oneToOne(options: OneToOneOptions = {}): ConnectivitySpec {
  const init = options.weights ?? 1;
  const explicit = ArrayBuffer.isView(init) || Array.isArray(init);
  if (!explicit) checkWeightInit('oneToOne.weights', init as WeightInit);
  return {
    kind: 'oneToOne',
    check(pre, post) {
      if (pre !== post) return `one-to-one needs equal sizes, got pre ${pre} and post ${post}`;
      if (explicit && (init as ArrayLike<number>).length !== pre) {
        return `one-to-one weights have ${(init as ArrayLike<number>).length} values, expected ${pre}`;
      }
      return null;
    },
    build(pre, _post, random): OneToOneSynapses {
      const weights = new Float32Array(pre);
      for (let i = 0; i < pre; i++) {
        const w = explicit ? (init as ArrayLike<number>)[i]! : drawWeight(init as WeightInit, i, i, random);
        if (!Number.isFinite(w)) throw new SpecError(`oneToOne.weights[${i}]`, `not finite: ${w}`);
        weights[i] = w;
      }
      return { kind: 'oneToOne', preSize: pre, postSize: pre, weights };
    },
    describe() {
      return { kind: 'oneToOne' };
    },
  };
}

export const oneToOneKernels: DeliveryKernels<OneToOneSynapses> = {
  spikes(syn, fired, count, out) {
    const n = syn.preSize;
    const w = syn.weights;
    for (let s = 0; s < count; s++) {
      const flat = fired[s]!;
      out[flat] = out[flat]! + w[flat % n]!;
    }
  },
  rates(syn, x, out, batch) {
    const n = syn.preSize;
    const w = syn.weights;
    for (let b = 0; b < batch; b++) {
      const o = b * n;
      for (let i = 0; i < n; i++) out[o + i] = out[o + i]! + w[i]! * x[o + i]!;
    }
  },
};
