import { requireNonNegative, requirePositive } from '../core/errors.js';

/** Settings of an {@link Adam} optimiser. */
export interface AdamOptions {
  /** Step size (default 1e-3); can be changed between steps through `lr`. */
  lr?: number;
  /** Decay of the first-moment (mean) estimate per step (default 0.9). */
  beta1?: number;
  /** Decay of the second-moment (uncentred variance) estimate per step (default 0.999). */
  beta2?: number;
  /** Added to the root of the second moment so the step stays finite (default 1e-8). */
  eps?: number;
  /**
   * Decoupled weight decay per unit of step size (AdamW, Loshchilov & Hutter 2019; default 0):
   * every step also shrinks each parameter by `lr · weightDecay` of itself, outside the moments.
   */
  weightDecay?: number;
}

/**
 * Adam (Kingma & Ba 2015) over one parameter array: keeps the first and second moment
 * estimates, and `step(grad)` moves the parameters in place. Allocation-free after construction.
 */
export class Adam {
  /** Step size; may be changed between steps (learning-rate schedules). */
  lr: number;
  /** First-moment decay. */
  readonly beta1: number;
  /** Second-moment decay. */
  readonly beta2: number;
  /** Denominator offset. */
  readonly eps: number;
  /** Decoupled weight decay (0: plain Adam); may be changed between steps. */
  weightDecay: number;
  /** Steps taken (for bias correction); saved with checkpoints. */
  t = 0;
  /** First-moment estimate per parameter; saved with checkpoints. */
  readonly m: Float32Array;
  /** Second-moment estimate per parameter; saved with checkpoints. */
  readonly v: Float32Array;

  /** Optimise `params` in place (the array is kept, not copied). */
  constructor(
    /** The parameter array `step` updates. */
    readonly params: Float32Array | Float64Array,
    options: AdamOptions = {},
  ) {
    this.lr = requirePositive('adam.lr', options.lr ?? 1e-3);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = requireNonNegative('adam.weightDecay', options.weightDecay ?? 0);
    this.m = new Float32Array(params.length);
    this.v = new Float32Array(params.length);
  }

  /** One update with the gradient of the loss (descent direction is −grad). */
  step(grad: Float32Array | Float64Array): void {
    this.t++;
    const { beta1: b1, beta2: b2, eps, m, v } = this;
    const p = this.params;
    const c1 = 1 / (1 - b1 ** this.t);
    const c2 = 1 / (1 - b2 ** this.t);
    const lr = this.lr;
    const keep = 1 - lr * this.weightDecay;
    for (let i = 0; i < p.length; i++) {
      const g = grad[i]!;
      const mi = b1 * m[i]! + (1 - b1) * g;
      const vi = b2 * v[i]! + (1 - b2) * g * g;
      m[i] = mi;
      v[i] = vi;
      p[i] = keep * p[i]! - (lr * mi * c1) / (Math.sqrt(vi * c2) + eps);
    }
  }
}
