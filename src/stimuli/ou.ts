import { SpecError, requireFinite, requirePositiveInt } from '../core/errors.js';
import { SeededRandom } from '../core/random.js';
import { addWhiteNoise, noiseStdOf, type NoiseLevel } from './noise.js';

export interface OUSeriesOptions extends NoiseLevel {
  /** Number of samples. */
  length: number;
  /** Scalar AR(1) coefficient a in x_t = a·x_{t−1} + √(1−a²)·ξ_t (unit stationary variance; default 0.9). */
  a?: number;
  /**
   * Partially observed multivariate OU instead (the paper's Eqs. 1–2):
   * z_{t+1} = A z_t + b ξ_t, y_t = cᵀ z_t (+ observation noise).
   */
  latent?: {
    /** The transition matrix A, rows of z_{t+1} = A z_t. */
    A: readonly (readonly number[])[];
    /** The input gains b. */
    inputGains: readonly number[];
    /** The readout c. */
    readout: readonly number[];
  };
  /** Samples discarded first so the series starts stationary (default 1000). */
  burnIn?: number;
  /** Seed of the series (default 0). */
  seed?: number;
}

/**
 * Discrete-time Ornstein–Uhlenbeck series (AR(1), or a partially observed linear latent
 * system) plus optional white observation noise at a given std or SNR (SNR refers to the
 * empirical variance of the clean series).
 *
 * @example
 * const x = ouSeries({ length: 1e5, a: 0.9, seed: 1 });
 */
export function ouSeries(options: OUSeriesOptions): Float64Array {
  const n = requirePositiveInt('ouSeries.length', options.length);
  const burn = options.burnIn ?? 1000;
  const random = new SeededRandom(options.seed ?? 0, 'ouSeries');
  const out = new Float64Array(n);
  if (options.latent) {
    const { A, inputGains: b, readout: c } = options.latent;
    const d = A.length;
    if (b.length !== d || c.length !== d || A.some((row) => row.length !== d)) {
      throw new SpecError('ouSeries.latent', `A must be ${d}×${d} and inputGains, readout of length ${d}`);
    }
    let z = new Float64Array(d);
    let next = new Float64Array(d);
    for (let t = -burn; t < n; t++) {
      if (t >= 0) {
        let y = 0;
        for (let i = 0; i < d; i++) y += c[i]! * z[i]!;
        out[t] = y;
      }
      for (let i = 0; i < d; i++) {
        let acc = b[i]! * random.normal();
        for (let j = 0; j < d; j++) acc += A[i]![j]! * z[j]!;
        next[i] = acc;
      }
      [z, next] = [next, z];
    }
  } else {
    const a = requireFinite('ouSeries.a', options.a ?? 0.9);
    if (!(Math.abs(a) < 1)) throw new SpecError('ouSeries.a', `must satisfy |a| < 1 for a stationary process, got ${a}`);
    const g = Math.sqrt(1 - a * a);
    let x = random.normal();
    for (let t = -burn; t < n; t++) {
      if (t >= 0) out[t] = x;
      x = a * x + g * random.normal();
    }
  }
  let mean = 0;
  for (let t = 0; t < n; t++) mean += out[t]!;
  mean /= n;
  let v = 0;
  for (let t = 0; t < n; t++) v += (out[t]! - mean) ** 2;
  return addWhiteNoise(out, noiseStdOf(options, v / n, 'ouSeries'), random.fork('noise'));
}

/** The 3-D latent example of the ReSU reference (complex eigenvalues → multi-lobed filters). */
export const RESU_OU_EXAMPLE = {
  /** The transition matrix A. */
  A: [
    [0.6, 0.6, 0],
    [-0.6, 0.6, 0],
    [0, 0, 0.4],
  ],
  /** The input gains b. */
  inputGains: [0.17, -0.15, 0.28],
  /** The readout c. */
  readout: [0.78, 0.53, 1.0],
  /** Observation noise variance. */
  noiseVariance: 0.1,
} as const;
