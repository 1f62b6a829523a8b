import { SpecError, requirePositive } from '../core/errors.js';
import type { ProjectionRule } from './PlasticityRule.js';

/** Options of `hebbOja`. */
export interface HebbOjaOptions {
  /** Learning rate per step (default 1e-3). */
  rate?: number;
}

/**
 * Hebb's rule with Oja's normalisation on a dense projection of graded units:
 * Δw_ij = η · y_j · (x_i − y_j · w_ij), averaged over the batch. For a linear post unit
 * the weight vector converges to the first principal component of the input, at unit length.
 */
export function hebbOja(options: HebbOjaOptions = {}): ProjectionRule {
  const eta = requirePositive('hebbOja.rate', options.rate ?? 1e-3);
  return {
    attach: 'projection',
    name: 'hebbOja',
    init(view) {
      if (view.synapses.kind !== 'dense') throw new SpecError('hebbOja', `needs a dense projection, got '${view.synapses.kind}'`);
    },
    onStep(view) {
      const { weights: w, preSize: pre, postSize: post } = view.synapses;
      const x = view.pre.output;
      const y = view.post.output;
      const batch = view.pre.batch;
      const g = eta / batch;
      for (let b = 0; b < batch; b++) {
        for (let j = 0; j < post; j++) {
          const yj = y[b * post + j]!;
          if (yj === 0) continue;
          for (let i = 0; i < pre; i++) {
            const k = i * post + j;
            w[k] = w[k]! + g * yj * (x[b * pre + i]! - yj * w[k]!);
          }
        }
      }
    },
    describe() {
      return { rule: 'hebbOja', rate: eta };
    },
  };
}
